"""A run whose `silver` task fails (it reads a table that does not exist) and whose `gold` task never runs."""

from datetime import datetime

from airflow.sdk import dag, task


@dag(schedule=None, start_date=datetime(2026, 1, 1), catchup=False, default_args={"retries": 0}, tags=["cli-test"])
def cli_fails():
    @task.bash
    def bronze() -> str:
        return "echo landed"

    @task.bash
    def silver() -> str:
        return "echo 'TABLE_OR_VIEW_NOT_FOUND: lakehouse.bronze.no_such_table' >&2; exit 1"

    @task.bash
    def gold() -> str:
        return "echo built"

    bronze() >> silver() >> gold()


cli_fails()

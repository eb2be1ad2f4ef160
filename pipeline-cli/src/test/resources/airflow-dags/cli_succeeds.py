"""Two quick tasks that succeed: what `pipeline-cli airflow trigger --wait` follows to exit 0."""

from datetime import datetime

from airflow.sdk import dag, task


@dag(schedule=None, start_date=datetime(2026, 1, 1), catchup=False, tags=["cli-test"])
def cli_succeeds():
    @task.bash
    def extract() -> str:
        return "echo extracted"

    @task.bash
    def load() -> str:
        return "echo loaded"

    extract() >> load()


cli_succeeds()

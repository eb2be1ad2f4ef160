"""The maintenance DAGs: one task running a maintenance preset of ``maintenance-jobs`` through the launcher."""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import DAG, CronTriggerTimetable, task

from lakehouse.jobs import DEFAULT_ARGS, job_command


def maintenance_dag(*, dag_id: str, preset: str, cron: str, pool: str, doc_md: str) -> DAG:
    """A DAG that runs ``preset`` at ``cron`` (UTC) in ``pool``, the pool the pipeline's writers of those tables use."""
    with DAG(
        dag_id=dag_id,
        # a trigger timetable: a run starts at the cron time and has no data interval to wait out
        schedule=CronTriggerTimetable(cron, timezone="UTC"),
        start_date=datetime(2026, 1, 1),
        catchup=False,
        max_active_runs=1,
        dagrun_timeout=timedelta(hours=6),
        default_args=DEFAULT_ARGS,
        tags=["maintenance", preset.split("-")[0]],
        doc_md=doc_md,
    ) as dag:

        @task.bash(task_id="maintain", pool=pool, execution_timeout=timedelta(hours=4))
        def maintain() -> str:
            return job_command("maintain", f"--preset={preset}")

        maintain()
    return dag

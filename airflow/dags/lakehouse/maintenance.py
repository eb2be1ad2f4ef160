"""The maintenance DAGs: one task running a maintenance preset of ``maintenance-jobs`` through the launcher."""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import DAG, CronTriggerTimetable, Param, task

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
        params={
            # a manual run may loosen Iceberg's file selection, e.g. {"min-input-files": "2"} to compact a table whose
            # partitions have fewer small files than the default 5, or {"rewrite-all": "true"} after a policy change
            "rewrite_options": Param(
                {},
                type="object",
                additionalProperties={"type": "string"},
                description="Iceberg rewrite_data_files options for this run (--rewrite-option=KEY=VALUE each)",
            ),
        },
    ) as dag:

        @task.bash(task_id="maintain", pool=pool, execution_timeout=timedelta(hours=4))
        def maintain(params=None) -> str:
            return job_command("maintain", f"--preset={preset}", *rewrite_option_args(params))

        maintain()
    return dag


def rewrite_option_args(params: dict | None) -> list[str]:
    """The run's ``rewrite_options`` param as the maintenance job's ``--rewrite-option=KEY=VALUE`` arguments."""
    options = (params or {}).get("rewrite_options") or {}
    return [f"--rewrite-option={key}={value}" for key, value in sorted(options.items())]

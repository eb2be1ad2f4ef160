"""
### github_events_pipeline

GitHub events from Kafka to Gold: `bronze_catch_up` → `silver` → `gold` (one task per dbt model and per model's
tests) → `source_freshness`, and after `gold` whatever its outcome, `gold_metrics`.

- **When**: every hour, and whenever `bronze.github_events` is marked updated: the `bronze_commits` watcher (in the
  triggerer) sees a new commit of the table in the Iceberg catalog, or someone runs
  `pipeline-cli airflow asset-event bronze.github_events`. One run at a time; runs missed while Airflow
  was down are not replayed one by one (no catch-up storm): the next run takes everything new.
- **What each run works on**: Bronze lands what Kafka holds now (available-now; skipped while the continuous stream
  runs), Silver takes what Bronze committed since Silver's last run (its snapshot watermark), dbt's incremental models
  take what Silver holds beyond what Gold has. None of them reads the clock, so re-running a run is safe.
- **Failures**: each task retries twice with growing waits; a failing dbt model or test is its own red task.
- **Monitoring**: `gold_metrics` pushes Gold's outcome (from the Gold tasks' states), duration, failed test tasks and
  freshness to the Pushgateway as `make gold` does (job `dbt-gold`); with no Pushgateway configured it only says so.
- Each job runs through `scripts/job.sh`, the launcher of `make bronze`/`silver`/`gold`: embedded it starts a local
  JVM, with `SPARK_MASTER` naming a cluster it spark-submits.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import AssetOrTimeSchedule, CronTriggerTimetable, TriggerRule, dag, task

from lakehouse.assets import BRONZE_EVENTS, GOLD_MARTS, SILVER_EVENTS
from lakehouse.gold import gold_metrics_command, gold_task_group
from lakehouse.jobs import DEFAULT_ARGS, bronze_catch_up_command, job_command


@dag(
    schedule=AssetOrTimeSchedule(
        timetable=CronTriggerTimetable("0 * * * *", timezone="UTC"), assets=[BRONZE_EVENTS]
    ),
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=2),
    default_args=DEFAULT_ARGS,
    tags=["pipeline", "bronze", "silver", "gold"],
    doc_md=__doc__,
)
def github_events_pipeline():
    @task.bash(pool="bronze_table", execution_timeout=timedelta(minutes=30))
    def bronze_catch_up() -> str:
        """Lands what Kafka holds now in Bronze (available-now), unless the continuous stream already does."""
        return bronze_catch_up_command()

    @task.bash(pool="silver_table", outlets=[SILVER_EVENTS], execution_timeout=timedelta(minutes=30))
    def silver() -> str:
        """Parses, types and deduplicates what Bronze committed since Silver's last run."""
        return job_command("silver")

    @task.bash(outlets=[GOLD_MARTS], execution_timeout=timedelta(minutes=10))
    def source_freshness() -> str:
        """Fails when Silver has not been loaded within its freshness SLO (dbt source freshness)."""
        return job_command("dbt", "source", "freshness")

    # all_done: a failed Gold is the outcome most worth pushing. It does not turn the run green: source_freshness
    # (all_success) is a leaf too and is upstream_failed then, which fails the DagRun whatever this task does.
    @task.bash(trigger_rule=TriggerRule.ALL_DONE, execution_timeout=timedelta(minutes=10))
    def gold_metrics(ti=None, dag_run=None) -> str:
        """Pushes the Gold build's outcome, duration, failed test tasks and freshness (job dbt-gold), as make gold."""
        return gold_metrics_command(ti.get_task_breadcrumbs(dag_run.dag_id, dag_run.run_id))

    gold = gold_task_group(pool="gold_tables", execution_timeout=timedelta(minutes=30))
    bronze_catch_up() >> silver() >> gold >> [source_freshness(), gold_metrics()]


github_events_pipeline()

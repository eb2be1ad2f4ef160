"""Runs the pipeline's jobs through the repository's one launcher, ``scripts/job.sh``.

``make bronze``/``silver``/``maintain``/``gold`` use the same launcher, so a job runs the same way by hand and from a
DAG. The launcher decides where Spark runs (``SPARK_MASTER``: local JVM embedded, spark-submit on a cluster); the
DAGs only name the job, so the same DAG files and task ids serve both modes.
"""

from __future__ import annotations

import os
import shlex
from datetime import timedelta
from pathlib import Path

# The repository the DAGs belong to: DESCHEDULER_HOME when the deployment sets it (compose mounts the project
# elsewhere), else the checkout this file sits in (airflow/dags/lakehouse/jobs.py -> three levels up).
HOME = Path(os.environ.get("DESCHEDULER_HOME") or Path(__file__).resolve().parents[3])
LAUNCHER = HOME / "scripts" / "job.sh"

JOBS = ("bronze", "silver", "maintain", "gold", "dbt", "gold-metrics")

# One policy for every task: a job that failed for a passing reason (the machine overloaded, the SQL endpoint
# restarting) gets two more tries with growing waits; a job that fails the same way three times is a red task.
DEFAULT_ARGS = {
    "owner": "de-scheduler",
    "retries": 2,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
}


def job_command(job: str, *args: str) -> str:
    """The bash command that runs ``job`` with ``args`` through the launcher, quoted for a bash task."""
    if job not in JOBS:
        raise ValueError(f"unknown job {job!r}: expected one of {', '.join(JOBS)}")
    return " ".join(shlex.quote(part) for part in (str(LAUNCHER), job, *args))


def bronze_catch_up_command() -> str:
    """Bronze available-now, unless a continuous Bronze stream is running.

    The stream holds the writer lock on Bronze's checkpoint and lands Kafka every trigger, so there is nothing to
    catch up; starting a second writer would only be refused by that lock. On this machine the stream is the one
    ``make bronze-stream`` started (its pid file); where it runs in a container of its own (Docker Compose's
    ``bronze-stream`` service) the deployment says so with ``BRONZE_STREAM_EXTERNAL=true``, read when the task runs.
    """
    pid_file = shlex.quote(str(HOME / ".data" / "run" / "bronze-stream.pid"))
    return (
        'if [[ "${BRONZE_STREAM_EXTERNAL:-false}" == true ]]; then '
        "echo 'the Bronze stream runs as a service of this deployment and lands Kafka continuously: "
        "no catch-up needed'; "
        f"elif [[ -f {pid_file} ]] && kill -0 \"$(cat {pid_file})\" 2>/dev/null; then "
        "echo 'the Bronze stream is running and lands Kafka continuously: no catch-up needed'; "
        f"else exec {job_command('bronze')}; fi"
    )

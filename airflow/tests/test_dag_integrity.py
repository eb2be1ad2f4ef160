"""Every DAG file imports cleanly, is named for its file, documents itself, and does no I/O while being parsed."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import DAGS

DAG_FILES = sorted(p for p in DAGS.glob("*.py"))
EXPECTED_DAGS = {
    "github_events_pipeline",
    "maintenance_bronze_by_day",
    "maintenance_bronze_by_week",
    "maintenance_silver_by_day",
    "maintenance_silver_by_week",
    "maintenance_gold_by_week",
}


def test_every_dag_file_imports_without_errors(dag_bag):
    assert dag_bag.import_errors == {}


def test_each_file_defines_one_dag_named_after_the_file(dag_bag):
    assert {p.stem for p in DAG_FILES} == EXPECTED_DAGS
    for path in DAG_FILES:
        ids = [dag_id for dag_id, dag in dag_bag.dags.items() if Path(dag.fileloc) == path]
        assert ids == [path.stem], f"{path.name} defines {ids}"


def test_every_dag_is_documented_tagged_and_runs_one_at_a_time_without_catch_up(dag_bag):
    for dag_id, dag in dag_bag.dags.items():
        assert dag.doc_md and f"### {dag_id}" in dag.doc_md, f"{dag_id}: its docstring is its documentation"
        assert dag.tags, f"{dag_id} has no tags"
        assert dag.catchup is False, f"{dag_id} would replay every missed period"
        assert dag.max_active_runs == 1, f"{dag_id} may run concurrently with itself"


def test_every_task_retries_with_growing_waits(dag_bag):
    for dag in dag_bag.dags.values():
        for t in dag.tasks:
            assert t.retries >= 1, f"{dag.dag_id}.{t.task_id} never retries"
            assert t.retry_exponential_backoff, f"{dag.dag_id}.{t.task_id} retries without backoff"
            assert t.execution_timeout is not None, f"{dag.dag_id}.{t.task_id} may hang forever"


def test_every_pool_a_task_uses_is_one_airflow_sh_creates(dag_bag):
    pools = json.loads((DAGS.parent / "pools.json").read_text())
    for dag in dag_bag.dags.values():
        for t in dag.tasks:
            assert t.pool == "default_pool" or t.pool in pools, f"{dag.dag_id}.{t.task_id}: pool {t.pool} is not created"


def test_parsing_the_dag_folder_opens_no_connection_and_starts_no_process():
    # Parse in a fresh interpreter where any socket connection or child process raises: the DAG processor
    # re-imports these files every 30 s, so they must not reach a database, a server or dbt.
    probe = textwrap.dedent(
        f"""
        import socket, subprocess, sys
        sys.path.insert(0, {str(DAGS)!r})
        from airflow.dag_processing.dagbag import DagBag  # Airflow's own start-up is not the DAG files' business
        def refuse(*args, **kwargs):
            raise AssertionError("I/O at parse time: " + repr(args[:2]))
        socket.socket.connect = refuse
        socket.create_connection = refuse
        subprocess.Popen.__init__ = refuse
        bag = DagBag(dag_folder={str(DAGS)!r})
        print(len(bag.dags), repr(bag.import_errors))
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip().splitlines()[-1] == f"{len(EXPECTED_DAGS)} {{}}", out.stderr[-3000:]


def test_each_file_parses_well_within_the_dag_processors_timeout(dag_bag):
    # A guard against heavy work at import time, not a benchmark: the processor's own timeout is 30 s per file.
    for stat in dag_bag.dagbag_stats:
        assert stat.duration.total_seconds() < 10, f"{stat.file} took {stat.duration} to parse"

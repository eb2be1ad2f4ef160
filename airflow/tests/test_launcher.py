"""The commands the tasks run: the one launcher (scripts/job.sh) and the Bronze catch-up's skip while the stream runs."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

from lakehouse import jobs

ROOT = Path(os.environ["DESCHEDULER_HOME"])


def bash(command: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=60, env={**os.environ, **env}, check=False
    )


def test_a_job_command_quotes_its_arguments_for_bash():
    command = jobs.job_command("maintain", "--table=silver.github_events", "--tasks=a b")
    assert command == f"{ROOT}/scripts/job.sh maintain --table=silver.github_events '--tasks=a b'"


def test_an_unknown_job_is_refused_when_the_dag_is_parsed():
    with pytest.raises(ValueError, match="unknown job 'platinum'"):
        jobs.job_command("platinum")


def test_the_launcher_names_the_jobs_it_knows_when_given_another():
    out = bash(f"{ROOT}/scripts/job.sh platinum")
    assert out.returncode == 2
    assert "unknown job 'platinum': expected bronze, silver, maintain, gold, dbt or gold-metrics" in out.stderr


def recording_spark_submit(folder: Path) -> Path:
    """A spark-submit that records what it was asked to run, in ``args`` beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "spark-submit"
    script.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$0")/args"\n')
    script.chmod(0o755)
    return script


def built(module: str) -> Path:
    jar = ROOT / module / "target" / f"{module}.jar"
    if not jar.exists():
        pytest.fail(f"{jar} is missing: build first ('make build')")
    return jar


def test_the_launcher_says_when_spark_home_has_no_spark_submit(tmp_path):
    out = bash(f"{ROOT}/scripts/job.sh silver", SPARK_MASTER="spark://127.0.0.1:7077", SPARK_HOME=str(tmp_path))
    assert out.returncode == 1
    assert f"SPARK_HOME={tmp_path} has no bin/spark-submit" in out.stderr


def test_the_launcher_spark_submits_the_jobs_jar_and_main_class_to_a_cluster_master(tmp_path):
    recording_spark_submit(tmp_path / "bin")
    jar = built("silver-batch-job")
    out = bash(
        f"{ROOT}/scripts/job.sh silver --dry-run",
        SPARK_MASTER="spark://10.0.0.5:7077",
        SPARK_SUBMIT_ARGS="--executor-memory 4g --conf spark.sql.shuffle.partitions=64",
        DATA_DIR=str(tmp_path / "data"),
        PATH=f"{tmp_path / 'bin'}:{os.environ['PATH']}",
    )
    assert out.returncode == 0, out.stderr
    args = (tmp_path / "bin" / "args").read_text().splitlines()
    assert args[:4] == ["--master", "spark://10.0.0.5:7077", "--deploy-mode", "client"]
    assert args[args.index("--class") + 1] == "dev.descheduler.silver.SilverBatchJob"
    assert args[args.index("--executor-memory") + 1] == "4g"
    assert "spark.sql.shuffle.partitions=64" in args
    # the jar submitted is a copy of the build's, which a rebuild during the run cannot rewrite
    submitted = Path(args[-2])
    assert args[-1] == "--dry-run"
    assert submitted.is_relative_to(tmp_path / "data" / "run" / "jars")
    assert submitted.read_bytes() == jar.read_bytes()
    shipped = args[args.index("--jars") + 1].split(",")
    assert any("iceberg-spark-runtime" in j for j in shipped)
    assert not any("/spark-core_" in j for j in shipped), "Spark itself is the cluster's, never shipped"


def test_spark_submit_set_explicitly_wins_over_spark_home_and_path(tmp_path):
    chosen = recording_spark_submit(tmp_path / "chosen")
    recording_spark_submit(tmp_path / "home" / "bin")
    recording_spark_submit(tmp_path / "path")
    built("maintenance-jobs")
    out = bash(
        f"{ROOT}/scripts/job.sh maintain --preset=bronze-daily",
        SPARK_MASTER="yarn",
        SPARK_SUBMIT=str(chosen),
        SPARK_HOME=str(tmp_path / "home"),
        DATA_DIR=str(tmp_path / "data"),
        PATH=f"{tmp_path / 'path'}:{os.environ['PATH']}",
    )
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "chosen" / "args").exists()
    assert not (tmp_path / "home" / "bin" / "args").exists()
    assert not (tmp_path / "path" / "args").exists()


def test_without_an_installed_spark_the_launcher_submits_with_the_builds_spark(tmp_path):
    # --version makes the real SparkSubmit print its version and exit before it contacts the master
    built("silver-batch-job")
    env = {k: v for k, v in os.environ.items() if k != "SPARK_HOME"}
    path = ":".join(d for d in env["PATH"].split(":") if not (Path(d) / "spark-submit").exists())
    out = subprocess.run(
        ["bash", "-c", f"{ROOT}/scripts/job.sh silver"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "PATH": path, "SPARK_MASTER": "spark://127.0.0.1:7077", "SPARK_SUBMIT_ARGS": "--version",
             "DATA_DIR": str(tmp_path / "data")},
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "submitting with the build's Spark 3.5 (scripts/spark-submit.sh)" in out.stderr
    assert "version 3.5.9" in out.stdout + out.stderr


def test_bronze_catch_up_skips_while_the_local_bronze_stream_runs(tmp_path):
    run = tmp_path / ".data" / "run"
    run.mkdir(parents=True)
    stream = subprocess.Popen(["sleep", "60"])
    try:
        (run / "bronze-stream.pid").write_text(str(stream.pid))
        command = jobs.bronze_catch_up_command().replace(str(ROOT / ".data"), str(tmp_path / ".data"))
        out = bash(command)
    finally:
        stream.kill()
    assert out.returncode == 0, out.stderr
    assert "the Bronze stream is running" in out.stdout


def test_bronze_catch_up_runs_the_available_now_job_when_no_stream_runs(tmp_path):
    (tmp_path / ".data" / "run").mkdir(parents=True)
    (tmp_path / ".data" / "run" / "bronze-stream.pid").write_text("999999999")  # a stream that died
    command = (
        jobs.bronze_catch_up_command()
        .replace(str(ROOT / ".data"), str(tmp_path / ".data"))
        .replace(str(jobs.LAUNCHER), "echo launched")
    )
    out = bash(command)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "launched bronze"


def test_bronze_catch_up_skips_where_the_deployment_runs_the_stream_as_a_service(tmp_path):
    # Docker Compose: the stream's process is in another container, so no pid file here can show it
    command = jobs.bronze_catch_up_command().replace(str(jobs.LAUNCHER), "echo launched")
    out = bash(command, BRONZE_STREAM_EXTERNAL="true")
    assert out.returncode == 0, out.stderr
    assert "runs as a service of this deployment" in out.stdout
    assert "launched" not in out.stdout


def gold_metrics(tmp_path, state: str, **env):
    """`job.sh gold-metrics` as the DAG's gold_metrics task runs it, with one Gold task's final state."""
    built("pipeline-cli")
    return bash(
        f"{ROOT}/scripts/job.sh gold-metrics --task-state gold.dim_repos.run={state}",
        DATA_DIR=str(tmp_path / "data"),
        **env,
    )


def test_gold_metrics_is_a_no_op_that_says_so_without_a_pushgateway(tmp_path):
    out = gold_metrics(tmp_path, "success", PUSHGATEWAY_URL="")
    assert out.returncode == 0, out.stderr
    assert "dbt-metrics: not pushed: PUSHGATEWAY_URL is not set" in out.stdout


def test_gold_metrics_warns_without_failing_the_task_when_the_pushgateway_does_not_answer(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    out = gold_metrics(
        tmp_path, "success", PUSHGATEWAY_URL=f"http://127.0.0.1:{closed}", SPARK_THRIFT_PORT=str(closed)
    )
    assert out.returncode == 0, out.stderr
    assert f"warning: Gold's metrics were not pushed to http://127.0.0.1:{closed}" in out.stderr


def test_gold_metrics_fails_the_task_on_a_state_it_cannot_read(tmp_path):
    out = gold_metrics(tmp_path, "running", PUSHGATEWAY_URL="http://127.0.0.1:9")
    assert out.returncode == 2, out.stderr
    assert "'running' is not a finished task's state" in out.stderr

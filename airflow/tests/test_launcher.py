"""The commands the tasks run: the one launcher (scripts/job.sh) and the Bronze catch-up's skip while the stream runs."""

from __future__ import annotations

import os
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
    assert "unknown job 'platinum': expected bronze, silver, maintain, gold or dbt" in out.stderr


def test_the_launcher_says_what_is_missing_for_a_cluster_master(tmp_path):
    out = bash(f"{ROOT}/scripts/job.sh silver", SPARK_MASTER="spark://127.0.0.1:7077", PATH=f"{tmp_path}:/usr/bin:/bin")
    assert out.returncode == 1
    assert "SPARK_MASTER=spark://127.0.0.1:7077 names a cluster, but spark-submit is not on PATH" in out.stderr


def test_the_launcher_spark_submits_the_jobs_jar_and_main_class_to_a_cluster_master(tmp_path):
    # a spark-submit on PATH that records what it was asked to run
    (tmp_path / "spark-submit").write_text('#!/bin/sh\necho "$@" > "$(dirname "$0")/args"\n')
    (tmp_path / "spark-submit").chmod(0o755)
    jar = ROOT / "silver-batch-job" / "target" / "silver-batch-job.jar"
    if not jar.exists():
        pytest.fail(f"{jar} is missing: build first ('make build')")
    out = bash(f"{ROOT}/scripts/job.sh silver --dry-run", SPARK_MASTER="spark://10.0.0.5:7077", PATH=f"{tmp_path}:{os.environ['PATH']}")
    assert out.returncode == 0, out.stderr
    args = (tmp_path / "args").read_text().split()
    assert args[:2] == ["--master", "spark://10.0.0.5:7077"]
    assert args[args.index("--class") + 1] == "dev.descheduler.silver.SilverBatchJob"
    assert args[-2:] == [str(jar), "--dry-run"]
    assert "--jars" in args


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

"""The Airflow panels of the Grafana pipeline dashboard, proven on live metrics.

Real Airflow (api-server, scheduler with the LocalExecutor, dag-processor) runs a two-task probe DAG with StatsD on,
as scripts/airflow.sh configures it; the real statsd_exporter translates with monitoring/statsd/airflow.yml; Debian's
Prometheus scrapes it with the repository's prometheus.yml (intervals shortened to 1 s, the exporter as the
``airflow`` job's file_sd target, as scripts/monitoring.sh writes it). Then every query of pipeline.json that reads an
``airflow_`` series, with Grafana's variables substituted, must return data through Prometheus's HTTP API. The
monitoring module's DashboardQueriesIT runs no Airflow and allow-lists these panels with a pointer here.

``airflow dags test`` is not enough: the scheduler sends the heartbeat, the pool slots and the DAG run durations.
Without the exporter or Prometheus the test skips with the reason; under CI (.ci/run installs both) it fails.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(os.environ["DESCHEDULER_HOME"])
DASHBOARD = ROOT / "monitoring/grafana/dashboards/pipeline.json"
PROMETHEUS_CONFIG = ROOT / "monitoring/prometheus/prometheus.yml"
MAPPING = ROOT / "monitoring/statsd/airflow.yml"
AIRFLOW = Path(sys.executable).with_name("airflow")
SCRAPE_S = 1
STEP_S = 2
PANELS_TIMEOUT_S = 300

PROBE_DAG = '''"""One task that succeeds and one that fails: a run that ends failed, with one of each."""

from __future__ import annotations

import pendulum
from airflow.sdk import dag, task


@dag(schedule="@once", start_date=pendulum.datetime(2026, 1, 1, tz="UTC"), catchup=False)
def metrics_probe():
    @task(retries=0)
    def succeeds():
        return "ok"

    @task(retries=0)
    def fails():
        raise RuntimeError("fails on purpose: the dashboard's failure panels need a failure")

    succeeds()
    fails()


metrics_probe()
'''

# Grafana's variable syntaxes: ${name}, ${name:format}, [[name]], $name
VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?}|\[\[(\w+)(?::\w+)?]]|\$(\w+)")


def skip_or_fail(reason: str) -> None:
    ci = os.environ.get("CI", "")
    if ci and ci.lower() != "false":
        pytest.fail(f"{reason}; CI is set, so this test fails instead of skipping")
    pytest.skip(reason)


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def log_tail(path: Path, lines: int = 30) -> str:
    if not path.exists():
        return f"({path} not written)"
    return f"--- end of {path}:\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class Processes:
    """What the test starts, each in a process group of its own: the scheduler ignores SIGTERM and forks workers."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.started: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        with (self.logs / f"{name}.log").open("wb") as log:
            self.started[name] = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )

    def check_alive(self) -> None:
        for name, process in self.started.items():
            if process.poll() is not None:
                pytest.fail(f"{name} exited with {process.returncode}\n{log_tail(self.logs / f'{name}.log')}")

    def stop(self) -> None:
        for process in self.started.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.started.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(process.pid, signal.SIGKILL)  # what is left of the group (the scheduler's workers)
            except ProcessLookupError:
                pass
            process.wait()


def wait_until(what: str, timeout_s: float, condition, processes: Processes) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        processes.check_alive()
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout_s} s")
        time.sleep(0.5)


def prometheus_config(work: Path, exporter: str) -> Path:
    """The repository's prometheus.yml with 1 s intervals, no rules, and only the airflow job given a target."""
    text = PROMETHEUS_CONFIG.read_text()
    for key, value in (("scrape_interval", "15s"), ("scrape_timeout", "10s"), ("evaluation_interval", "15s")):
        line = f"{key}: {value}"
        if text.count(line) != 1:
            pytest.fail(f"expected '{line}' once in {PROMETHEUS_CONFIG}: update this test's copy of it")
        text = text.replace(line, f"{key}: {SCRAPE_S}s")
    folder = work / "prometheus"
    (folder / "targets").mkdir(parents=True)
    (folder / "rules").mkdir()
    (folder / "prometheus.yml").write_text(text)
    for job in re.findall(r"files: \[targets/([\w-]+)\.json]", text):
        (folder / "targets" / f"{job}.json").write_text("[]\n")
    if not re.search(r"job_name: airflow\b", text):
        pytest.fail(f"{PROMETHEUS_CONFIG} has no scrape job airflow")
    (folder / "targets/airflow.json").write_text(json.dumps([{"targets": [exporter], "labels": {"stack": "test"}}]))
    return folder


def airflow_env(work: Path, statsd_port: int, api_port: int) -> dict[str, str]:
    """A fresh Airflow home; the metrics settings are scripts/airflow.sh's, pointed at the test's exporter."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(
        AIRFLOW_HOME=str(work / "airflow-home"),
        AIRFLOW__CORE__DAGS_FOLDER=str(work / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__EXECUTOR="LocalExecutor",
        # one task at a time: fewer writers at once on the SQLite metadata database
        AIRFLOW__CORE__PARALLELISM="1",
        AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION="False",
        AIRFLOW__CORE__EXECUTION_API_SERVER_URL=f"http://127.0.0.1:{api_port}/execution/",
        AIRFLOW__API_AUTH__JWT_SECRET=secrets.token_hex(64),
        # the default 5 s is too short on a loaded machine: a task's first call then times out, and its retry is
        # refused (400) because the first one did get through, so the task fails without running
        AIRFLOW__WORKERS__EXECUTION_API_TIMEOUT="60",
        AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT=str(free_port()),
        AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT=str(free_port()),
        AIRFLOW__COSMOS__ENABLE_TELEMETRY="False",
        AIRFLOW__METRICS__STATSD_ON="True",
        AIRFLOW__METRICS__STATSD_HOST="127.0.0.1",
        AIRFLOW__METRICS__STATSD_PORT=str(statsd_port),
        AIRFLOW__METRICS__STATSD_PREFIX="airflow",
    )
    return env


def airflow_queries() -> list[dict]:
    """Every query of pipeline.json that reads an Airflow series, with its panel's title."""
    dashboard = json.loads(DASHBOARD.read_text())
    return [
        {"title": panel["title"], "refId": target["refId"], "expr": target["expr"], "instant": target.get("instant")}
        for panel in dashboard["panels"]
        for target in panel.get("targets", [])
        if "airflow_" in target.get("expr", "")
    ]


def substitute(expr: str, values: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        name = next(group for group in match.groups() if group)
        if name not in values:
            pytest.fail(f"an Airflow panel uses ${name}: only Grafana's own variables have a value here ({expr})")
        return values[name]

    return VARIABLE.sub(value, expr)


class Prometheus:
    def __init__(self, port: int):
        self.url = f"http://127.0.0.1:{port}"

    def evaluate(self, expr: str, instant: bool, start: float, end: float) -> list[dict]:
        """The series the query returns that hold a finite number (Grafana draws nothing for NaN)."""
        if instant:
            params = {"query": expr, "time": f"{end:.3f}"}
            result = get_json(f"{self.url}/api/v1/query?{urllib.parse.urlencode(params)}")["data"]["result"]
            points = lambda series: [series["value"]]  # noqa: E731
        else:
            params = {"query": expr, "start": f"{start:.3f}", "end": f"{end:.3f}", "step": f"{STEP_S}s"}
            result = get_json(f"{self.url}/api/v1/query_range?{urllib.parse.urlencode(params)}")["data"]["result"]
            points = lambda series: series["values"]  # noqa: E731
        shown = []
        for series in result:
            finite = [float(v) for _, v in points(series) if math.isfinite(float(v))]
            if finite:
                shown.append({"labels": series["metric"], "max": max(finite), "last": finite[-1]})
        return shown


@pytest.fixture(scope="module")
def panels_on_live_airflow(tmp_path_factory):
    """Each Airflow query of the dashboard with what it returned, once every one returned data."""
    exporter_bin = Path(
        subprocess.run(
            [str(ROOT / "scripts/statsd-exporter.sh"), "path"], capture_output=True, text=True, check=True
        ).stdout.strip()
    )
    if not os.access(exporter_bin, os.X_OK):
        skip_or_fail(f"{exporter_bin} not installed (make statsd-exporter builds it; it needs Go)")
    prometheus_bin = shutil.which("prometheus")
    if prometheus_bin is None:
        skip_or_fail("prometheus not installed (sudo apt-get install prometheus)")
    if importlib.util.find_spec("statsd") is None:
        pytest.fail(f"the statsd package is missing from {sys.prefix}: rebuild it from airflow/requirements.lock")
    queries = airflow_queries()
    assert len(queries) >= 6, f"the Airflow panels of {DASHBOARD} are gone: {queries}"

    work = tmp_path_factory.mktemp("airflow-panels")
    processes = Processes(work)
    try:
        statsd_port, exporter_port = free_port(socket.SOCK_DGRAM), free_port()
        processes.start(
            "statsd-exporter",
            [
                str(exporter_bin),
                f"--statsd.mapping-config={MAPPING}",
                f"--statsd.listen-udp=127.0.0.1:{statsd_port}",
                "--statsd.listen-tcp=",
                f"--web.listen-address=127.0.0.1:{exporter_port}",
            ],
        )
        prometheus_port = free_port()
        config = prometheus_config(work, f"127.0.0.1:{exporter_port}")
        processes.start(
            "prometheus",
            [
                prometheus_bin,
                f"--config.file={config / 'prometheus.yml'}",
                f"--storage.tsdb.path={work / 'prometheus-data'}",
                f"--web.listen-address=127.0.0.1:{prometheus_port}",
            ],
        )
        exporter_page = f"http://127.0.0.1:{exporter_port}/metrics"
        wait_until("the exporter serves /metrics", 30, lambda: answers(exporter_page), processes)
        prometheus = Prometheus(prometheus_port)
        wait_until("Prometheus ready", 60, lambda: answers(f"{prometheus.url}/-/ready"), processes)
        start = time.time()

        (work / "dags").mkdir()
        (work / "dags/metrics_probe.py").write_text(PROBE_DAG)
        api_port = free_port()
        env = airflow_env(work, statsd_port, api_port)
        migrate = subprocess.run(
            [str(AIRFLOW), "db", "migrate"], env=env, capture_output=True, text=True, timeout=300, check=False
        )
        assert migrate.returncode == 0, migrate.stdout[-3000:] + migrate.stderr[-3000:]
        processes.start("api-server", [str(AIRFLOW), "api-server", "--host", "127.0.0.1", "--port", str(api_port)], env)
        processes.start("dag-processor", [str(AIRFLOW), "dag-processor"], env)
        # the scheduler only once the api-server answers: a task it queues earlier finds no execution API
        # (connection refused) and fails without running
        health = f"http://127.0.0.1:{api_port}/api/v2/monitor/health"
        wait_until("the api-server answers", 180, lambda: answers(health), processes)
        processes.start("scheduler", [str(AIRFLOW), "scheduler"], env)

        results: dict[tuple[str, str], list[dict]] = {}
        run_seen_at: list[float] = []

        def every_query_has_data() -> bool:
            end = time.time()
            values = {
                "__interval": f"{STEP_S}s",
                "__interval_ms": str(STEP_S * 1000),
                # Grafana: max($__interval + scrape interval, 4 x scrape interval)
                "__rate_interval": f"{max(STEP_S + SCRAPE_S, 4 * SCRAPE_S)}s",
                "__range": f"{int(end - start)}s",
                "__range_s": str(int(end - start)),
                "__range_ms": str(int(end - start) * 1000),
            }
            for query in queries:
                expr = substitute(query["expr"], values)
                results[(query["title"], query["refId"])] = prometheus.evaluate(expr, query["instant"], start, end)
            # a heartbeat rate of 0 is data too, but it only shows the scheduler alive once two scrapes saw it grow
            beating = any(
                shown["max"] > 0
                for q in queries
                if "airflow_scheduler_heartbeat_total" in q["expr"]
                for shown in results[(q["title"], q["refId"])]
            )
            if all(results.values()) and beating:
                return True
            # the heartbeat and the pools come every 5 s: once the run's duration is there, the rest is due
            if any("airflow_dagrun_duration" in q["expr"] and results[(q["title"], q["refId"])] for q in queries):
                run_seen_at.append(time.monotonic())
                if run_seen_at[-1] - run_seen_at[0] > 30:
                    pytest.fail("the probe run ended more than 30 s ago")
            return False

        try:
            wait_until("every Airflow panel query returns data", PANELS_TIMEOUT_S, every_query_has_data, processes)
        except pytest.fail.Exception as e:
            empty = [f"{title} {ref}" for (title, ref), shown in results.items() if not shown]
            logs = "\n".join(log_tail(work / f"{name}.log") for name in ("scheduler", "api-server"))
            raise AssertionError(f"{e}; without data: {empty}\n{logs}") from None
        print(f"Airflow panels: every query returned data {time.time() - start:.0f} s after Prometheus started")
        yield results, queries
    finally:
        processes.stop()


def shown_by(panels, queries, series: str) -> list[dict]:
    """What the query reading ``series`` returned (the test fails if no query reads it)."""
    matching = [q for q in queries if series in q["expr"]]
    assert matching, f"no Airflow panel reads {series}"
    return [shown for q in matching for shown in panels[(q["title"], q["refId"])]]


def test_every_airflow_panel_query_returns_data_on_a_live_airflow(panels_on_live_airflow):
    panels, _ = panels_on_live_airflow
    for (title, ref), shown in sorted(panels.items()):
        print(f"{title} {ref} -> {shown}")
    assert all(panels.values())


def test_the_probe_run_shows_as_failed_with_its_duration(panels_on_live_airflow):
    panels, queries = panels_on_live_airflow
    durations = shown_by(panels, queries, "airflow_dagrun_duration_seconds")
    probe = [d for d in durations if d["labels"] == {"dag_id": "metrics_probe", "state": "failed"}]
    assert probe, durations
    assert all(0 < d["max"] < 600 for d in probe), probe


def test_the_failed_task_is_named_and_both_outcomes_are_counted(panels_on_live_airflow):
    panels, queries = panels_on_live_airflow
    failed = shown_by(panels, queries, "airflow_ti_finish_total")
    assert [(f["labels"], f["last"]) for f in failed] == [({"dag_id": "metrics_probe", "task_id": "fails"}, 1.0)]
    assert max(s["max"] for s in shown_by(panels, queries, "airflow_ti_successes_total")) == 1
    assert max(s["max"] for s in shown_by(panels, queries, "airflow_ti_failures_total")) == 1


def test_the_scheduler_heartbeat_and_the_default_pool_are_seen(panels_on_live_airflow):
    panels, queries = panels_on_live_airflow
    assert max(s["max"] for s in shown_by(panels, queries, "airflow_scheduler_heartbeat_total")) > 0
    for series in ("airflow_pool_running_slots", "airflow_pool_queued_slots", "airflow_pool_open_slots"):
        assert {"pool": "default_pool"} in [s["labels"] for s in shown_by(panels, queries, series)], series

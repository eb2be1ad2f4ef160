"""Gold as Airflow tasks: Cosmos renders the dbt project's manifest as one task per model and per model's tests.

dbt runs from its own virtual environment (``.venv-dbt``; it conflicts with Airflow's dependencies) through
``scripts/dbt.sh``, the launcher ``make dbt`` uses, which sets the profile, target path and dbt's no-network flags.
Rendering reads ``airflow/target/dbt/manifest.json``, which ``scripts/dbt-manifest.sh`` writes by a rename (at
``scripts/airflow.sh start``), so parsing a DAG never starts dbt and never reads a manifest a dbt run is rewriting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import InvocationMode, LoadMode, TestBehavior

from lakehouse.jobs import HOME, job_command

DBT_PROJECT = HOME / "dbt_project"
MANIFEST = HOME / "airflow" / "target" / "dbt" / "manifest.json"


def gold_task_group(group_id: str = "gold", **operator_args) -> DbtTaskGroup:
    """The dbt models of Gold and, after each model, its tests; a failing model or test is its own red task."""
    return DbtTaskGroup(
        group_id=group_id,
        project_config=ProjectConfig(
            dbt_project_path=DBT_PROJECT,
            manifest_path=MANIFEST,
            project_name="descheduler",
            # no packages.yml: nothing to install, and no dbt hub is reachable here anyway
            install_dbt_deps=False,
        ),
        profile_config=ProfileConfig(
            profile_name="descheduler",
            target_name="local",
            profiles_yml_filepath=DBT_PROJECT / "profiles.yml",
        ),
        execution_config=ExecutionConfig(
            dbt_executable_path=str(HOME / "scripts" / "dbt.sh"),
            invocation_mode=InvocationMode.SUBPROCESS,
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            test_behavior=TestBehavior.AFTER_EACH,
            # a test over two models (relationships) waits for both: attached to one of them, it ran before the
            # other existed on a first build and failed with TABLE_OR_VIEW_NOT_FOUND
            should_detach_multiple_parents_tests=True,
            # the marts are marked by the group's own outlet, not by one Cosmos dataset per model
            emit_datasets=False,
        ),
        operator_args=operator_args,
    )


def gold_metrics_command(finished_tasks: Iterable[Mapping[str, Any]], group_id: str = "gold") -> str:
    """The command that pushes this run's Gold outcome and freshness, as ``make gold`` pushes its build's.

    ``finished_tasks`` are the run's finished task instances (``task_id``, ``state``, ``duration`` in seconds), as
    Airflow's ``get_task_breadcrumbs`` gives them. Why states and not dbt's run_results.json: Cosmos runs one dbt
    command per model and per model's tests, each overwriting ``dbt_project/target/run_results.json``, so after the
    group that file holds the last node only (or none, when the group failed before dbt wrote one); the task states
    are the one complete record of the build, and what a user sees in the grid. The duration is the Gold tasks'
    durations added up: the ``gold_tables`` pool has one slot, so they run one at a time.
    """
    prefix = f"{group_id}."
    gold = [t for t in finished_tasks if str(t["task_id"]).startswith(prefix)]
    if not gold:
        return "echo 'no Gold task finished in this run: no dbt-gold metrics to push'"
    arguments: list[str] = []
    for t in sorted(gold, key=lambda t: str(t["task_id"])):
        state = getattr(t["state"], "value", t["state"])
        arguments += ["--task-state", f"{t['task_id']}={state}"]
    seconds = sum(float(t.get("duration") or 0) for t in gold)
    return job_command("gold-metrics", *arguments, "--duration-seconds", f"{seconds:.3f}")

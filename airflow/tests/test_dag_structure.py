"""The DAGs' shapes: schedules, task order, the jobs each task runs."""

from __future__ import annotations

import json

from airflow.sdk import AssetOrTimeSchedule, CronTriggerTimetable, TriggerRule

from conftest import DAGS
from lakehouse.jobs import LAUNCHER

MANIFEST = DAGS.parent / "target" / "dbt" / "manifest.json"
MANIFEST_OF_TESTS = MANIFEST


def pipeline(dag_bag):
    return dag_bag.dags["github_events_pipeline"]


def test_the_pipeline_runs_hourly_and_whenever_bronze_is_updated(dag_bag):
    dag = pipeline(dag_bag)
    assert isinstance(dag.timetable, AssetOrTimeSchedule)
    assert isinstance(dag.timetable.timetable, CronTriggerTimetable)
    assert dag.timetable.timetable.expression == "0 * * * *"
    assets = {asset.name for asset in dag.timetable.asset_condition.objects}
    assert assets == {"bronze.github_events"}


def test_the_pipeline_runs_bronze_then_silver_then_every_gold_model_then_freshness(dag_bag):
    dag = pipeline(dag_bag)
    bronze, silver, freshness = (dag.get_task(t) for t in ("bronze_catch_up", "silver", "source_freshness"))
    assert bronze.upstream_task_ids == set()
    assert silver.upstream_task_ids == {"bronze_catch_up"}
    gold = [t for t in dag.tasks if t.task_id.startswith("gold.")]
    roots = {t.task_id for t in gold if not t.upstream_task_ids & {g.task_id for g in gold}}
    leaves = {t.task_id for t in gold if not t.downstream_task_ids & {g.task_id for g in gold}}
    assert all(dag.get_task(r).upstream_task_ids == {"silver"} for r in roots)
    assert freshness.upstream_task_ids == leaves


def test_gold_metrics_runs_after_every_gold_task_whatever_its_outcome_and_a_failed_gold_still_fails_the_run(dag_bag):
    dag = pipeline(dag_bag)
    metrics, freshness = dag.get_task("gold_metrics"), dag.get_task("source_freshness")
    gold = [t for t in dag.tasks if t.task_id.startswith("gold.")]
    leaves = {t.task_id for t in gold if not t.downstream_task_ids & {g.task_id for g in gold}}
    assert metrics.trigger_rule == TriggerRule.ALL_DONE
    assert metrics.upstream_task_ids == leaves
    assert metrics.downstream_task_ids == set()
    # a run fails when a leaf failed or its upstream did: source_freshness, a leaf needing every Gold leaf's success,
    # is upstream_failed after any Gold failure, however gold_metrics ends
    assert freshness.trigger_rule == TriggerRule.ALL_SUCCESS
    assert freshness.downstream_task_ids == set()
    assert {t.task_id for t in dag.leaves} == {"gold_metrics", "source_freshness"}


def test_gold_metrics_pushes_the_states_of_this_runs_gold_tasks_through_the_launcher(dag_bag):
    class FinishedTasks:
        asked = None

        def get_task_breadcrumbs(self, dag_id, run_id):
            self.asked = (dag_id, run_id)
            return [
                {"task_id": "silver", "state": "success", "duration": 60.0},
                {"task_id": "gold.dim_repos.test", "state": "failed", "duration": 2.5},
                {"task_id": "gold.dim_repos.run", "state": "success", "duration": 10.0},
                {"task_id": "gold.trending_repositories.run", "state": "upstream_failed", "duration": None},
            ]

    class Run:
        dag_id, run_id = "github_events_pipeline", "manual__1"

    ti = FinishedTasks()
    command = pipeline(dag_bag).get_task("gold_metrics").python_callable(ti=ti, dag_run=Run())

    assert ti.asked == ("github_events_pipeline", "manual__1")
    assert command == (
        f"{LAUNCHER} gold-metrics --task-state gold.dim_repos.run=success --task-state gold.dim_repos.test=failed"
        " --task-state gold.trending_repositories.run=upstream_failed --duration-seconds 12.500"
    )


def test_gold_has_a_run_task_for_every_dbt_model_and_a_test_task_for_every_tested_model(dag_bag):
    manifest = json.loads(MANIFEST.read_text())
    nodes = manifest["nodes"].values()
    models = {n["name"] for n in nodes if n["resource_type"] == "model"}
    tested = {
        manifest["nodes"][dep]["name"]
        for n in nodes
        if n["resource_type"] == "test"
        for dep in n["depends_on"]["nodes"]
        if dep.startswith("model.")
    }
    ids = {t.task_id for t in pipeline(dag_bag).tasks}
    for model in models:
        assert {f"gold.{model}.run", f"gold.{model}_run"} & ids, f"no run task for dbt model {model}"
    for model in tested:
        assert f"gold.{model}.test" in ids, f"the tests of {model} have no task"


def test_gold_runs_dbt_through_the_projects_dbt_launcher(dag_bag):
    run = next(t for t in pipeline(dag_bag).tasks if t.task_id.startswith("gold.") and t.task_id.endswith("run"))
    assert str(run.dbt_executable_path).endswith("scripts/dbt.sh")
    assert run.pool == "gold_tables"


def test_bronze_and_silver_run_through_the_launcher_in_their_tables_pools(dag_bag):
    dag = pipeline(dag_bag)
    assert dag.get_task("bronze_catch_up").pool == "bronze_table"
    assert dag.get_task("silver").pool == "silver_table"
    assert [o.name for o in dag.get_task("silver").outlets] == ["silver.github_events"]


def test_each_maintenance_dag_runs_its_preset_on_its_period_in_its_tables_pool(dag_bag):
    expected = {
        "maintenance_bronze_by_day": ("bronze-daily", "0 2 * * *", "bronze_table"),
        "maintenance_silver_by_day": ("silver-daily", "30 2 * * *", "silver_table"),
        "maintenance_bronze_by_week": ("bronze-weekly", "0 3 * * 0", "bronze_table"),
        "maintenance_silver_by_week": ("silver-weekly", "0 4 * * 0", "silver_table"),
        "maintenance_gold_by_week": ("gold-weekly", "0 5 * * 0", "gold_tables"),
    }
    for dag_id, (preset, cron, pool) in expected.items():
        dag = dag_bag.dags[dag_id]
        assert dag.timetable.expression == cron, dag_id
        (task,) = dag.tasks
        assert task.pool == pool, dag_id
        command = task.python_callable()
        assert command.endswith(f"job.sh maintain --preset={preset}"), command
        loosened = task.python_callable(params={"rewrite_options": {"min-input-files": "2", "rewrite-all": "true"}})
        assert loosened.endswith(
            f"job.sh maintain --preset={preset} --rewrite-option=min-input-files=2 --rewrite-option=rewrite-all=true"
        ), loosened


def test_a_test_over_several_models_runs_after_every_one_of_them(dag_bag):
    # attached to one of its models, a relationships test ran before the other model existed on a first build
    manifest = json.loads(MANIFEST.read_text())
    dag = pipeline(dag_bag)
    for node in manifest["nodes"].values():
        parents = [manifest["nodes"][d]["name"] for d in node["depends_on"]["nodes"] if d.startswith("model.")]
        if node["resource_type"] != "test" or len(parents) < 2:
            continue
        (task,) = [t for t in dag.tasks if t.task_id == f"gold.{node['name']}_test"]
        upstream = {t.task_id for t in task.get_flat_relatives(upstream=True)}
        for model in parents:
            assert {f"gold.{model}.run", f"gold.{model}_run"} & upstream, f"{node['name']} may run before {model}"


def test_gold_renders_from_a_manifest_no_dbt_run_rewrites():
    # every dbt command (each Gold task) rewrites dbt_project/target/manifest.json in place; the DAG processor read it
    # half-written once and marked the pipeline broken
    from lakehouse.gold import DBT_PROJECT, MANIFEST

    assert not MANIFEST.is_relative_to(DBT_PROJECT / "target")
    assert MANIFEST == MANIFEST_OF_TESTS

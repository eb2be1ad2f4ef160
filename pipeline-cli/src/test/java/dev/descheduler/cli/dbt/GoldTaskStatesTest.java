package dev.descheduler.cli.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Gold build in Airflow read from the final states of its Cosmos tasks (task ids as Cosmos 1.15 names them). */
class GoldTaskStatesTest {

    @Test
    void aBuildWhoseTasksAllSucceededPassesWithEveryTestTaskCounted() {
        GoldTaskStates states = GoldTaskStates.parse(List.of(
                "gold.stg_github__events.run=success",
                "gold.stg_github__events.test=success",
                "gold.int_actor_days_aggregated_run=success",
                "gold.dim_repos.run=success",
                "gold.dim_repos.test=success",
                "gold.relationships_fct_pull_requests_repo_id__repo_id__ref_dim_repos__test=success"));

        assertThat(states.succeeded()).isTrue();
        assertThat(states.nothingRan()).isFalse();
        assertThat(states.testsPassed()).isEqualTo(3);
        assertThat(states.testsFailed()).isZero();
        assertThat(states.nodes()).isEqualTo(Map.of("model", Map.of("success", 3), "test", Map.of("pass", 3)));
    }

    @Test
    void aFailedTestTaskFailsTheBuildAndItsDownstreamTasksCountAsSkipped() {
        GoldTaskStates states = GoldTaskStates.parse(List.of(
                "gold.dim_repos.run=success",
                "gold.dim_repos.test=failed",
                "gold.trending_repositories.run=upstream_failed",
                "gold.trending_repositories.test=upstream_failed"));

        assertThat(states.succeeded()).isFalse();
        assertThat(states.testsFailed()).isEqualTo(1);
        assertThat(states.testsPassed()).isZero();
        assertThat(states.nodes())
                .isEqualTo(Map.of(
                        "model", Map.of("success", 1, "skipped", 1),
                        "test", Map.of("fail", 1, "skipped", 1)));
    }

    @Test
    void aModelTaskThatFailedIsAModelInErrorAndNoFailedTest() {
        GoldTaskStates states =
                GoldTaskStates.parse(List.of("gold.dim_repos.run=failed", "gold.dim_repos.test=upstream_failed"));

        assertThat(states.succeeded()).isFalse();
        assertThat(states.testsFailed()).isZero();
        assertThat(states.nodes()).containsEntry("model", Map.of("error", 1));
    }

    @Test
    void goldDidNotRunWhenEveryTaskWasSkippedBecauseSomethingUpstreamFailed() {
        GoldTaskStates states = GoldTaskStates.parse(
                List.of("gold.dim_repos.run=upstream_failed", "gold.dim_repos.test=upstream_failed"));

        assertThat(states.nothingRan()).isTrue();
    }

    @Test
    void refusesAPairWithoutAStateAndAStateOfATaskNotYetFinished() {
        assertThatThrownBy(() -> GoldTaskStates.parse(List.of("gold.dim_repos.run")))
                .hasMessage("--task-state must be TASK_ID=STATE (e.g. gold.dim_repos.run=success), was"
                        + " 'gold.dim_repos.run'");
        assertThatThrownBy(() -> GoldTaskStates.parse(List.of("gold.dim_repos.run=running")))
                .hasMessage("--task-state gold.dim_repos.run: 'running' is not a finished task's state (expected one"
                        + " of failed, removed, skipped, success, upstream_failed)");
    }
}

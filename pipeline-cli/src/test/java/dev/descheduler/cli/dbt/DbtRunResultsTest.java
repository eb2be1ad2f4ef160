package dev.descheduler.cli.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** dbt 1.11's run_results.json (schema v6) of a `dbt build`, read into what the Pushgateway gets. */
class DbtRunResultsTest {

    @Test
    void countsNodesPerKindAndStatusAndTellsAFailedTestFromAWarning() throws Exception {
        DbtRunResults results = DbtRunResults.read(Path.of("src/test/resources/dbt/build-with-a-failed-test.json"));

        assertThat(results.generatedAt()).isEqualTo(Instant.parse("2026-12-03T23:51:34.497265Z"));
        assertThat(results.elapsed()).isEqualTo(Duration.ofMillis(23_500));
        assertThat(results.nodes())
                .isEqualTo(Map.of(
                        "model", Map.of("success", 3),
                        "unit_test", Map.of("pass", 1),
                        "test", Map.of("pass", 2, "fail", 1, "warn", 1)));
        // a warning passes: the test's own severity says it should not stop anything
        assertThat(results.testsPassed()).isEqualTo(4);
        assertThat(results.testsFailed()).isEqualTo(1);
        assertThat(results.succeeded()).isFalse();
    }

    @Test
    void aBuildWhoseTestsAllPassedSucceeded() throws Exception {
        DbtRunResults results = DbtRunResults.read(Path.of("src/test/resources/dbt/build-all-passed.json"));

        assertThat(results.testsPassed()).isEqualTo(5);
        assertThat(results.testsFailed()).isZero();
        assertThat(results.succeeded()).isTrue();
    }

    @Test
    void aModelThatErroredFailsTheRun() throws Exception {
        DbtRunResults results = DbtRunResults.parse(
                new ObjectMapper()
                        .readTree("{\"metadata\":{\"generated_at\":\"2026-12-03T23:51:34Z\"},\"elapsed_time\":2.0,"
                                + "\"results\":[{\"unique_id\":\"model.p.dim_repos\",\"status\":\"error\"},"
                                + "{\"unique_id\":\"test.p.unique_dim_repos_repo_id.1\",\"status\":\"skipped\"}]}"),
                "inline");

        assertThat(results.succeeded()).isFalse();
        assertThat(results.testsFailed()).isZero();
        assertThat(results.nodes()).containsEntry("model", Map.of("error", 1));
    }

    @Test
    void refusesAFileThatIsNotRunResults() {
        assertThatThrownBy(() -> DbtRunResults.parse(new ObjectMapper().readTree("{\"nodes\":{}}"), "manifest.json"))
                .hasMessage("manifest.json is not a dbt run_results.json (no metadata.generated_at or results)");
    }
}

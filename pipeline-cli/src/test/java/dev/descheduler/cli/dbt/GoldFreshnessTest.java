package dev.descheduler.cli.dbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which relations of a dbt manifest keep a Silver watermark: the incremental models, not views, tests or units. */
class GoldFreshnessTest {

    @Test
    void readsTheIncrementalModelsOfTheManifestWithoutQuotes() throws Exception {
        assertThat(GoldFreshness.incrementalModels(Path.of("src/test/resources/dbt/manifest-gold.json")))
                .containsExactly("gold.dim_repos", "gold.fct_event_type_hourly", "gold.int_actor_days_aggregated");
    }

    @Test
    void refusesAFileThatIsNotAManifest(@TempDir Path dir) throws Exception {
        Path results = Files.writeString(dir.resolve("run_results.json"), "{\"results\":[]}");

        assertThatThrownBy(() -> GoldFreshness.incrementalModels(results))
                .hasMessage(results + " is not a dbt manifest.json (no nodes)");
    }
}

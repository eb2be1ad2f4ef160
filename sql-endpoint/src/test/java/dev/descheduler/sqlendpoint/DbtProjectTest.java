package dev.descheduler.sqlendpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dbt project parses and compiles without a server (dbt's own parser and Jinja, from .venv-dbt), before any
 * integration test starts one: a broken ref, macro or YAML fails here in a minute.
 */
class DbtProjectTest {

    static final List<String> MARTS = List.of(
            "fct_user_daily_activity",
            "fct_repo_daily_activity",
            "fct_pull_requests",
            "fct_event_type_hourly",
            "trending_repositories",
            "dim_actors",
            "dim_repos");

    private static DbtProcess dbt;

    @BeforeAll
    static void parse() throws Exception {
        DbtProcess.requireVenv();
        Map<String, String> connection = new HashMap<>();
        // a port nothing listens on: parse and an offline compile must not need the SQL endpoint
        connection.put("SPARK_THRIFT_PORT", Integer.toString(closedPort()));
        connection.put("GOLD_NAMESPACE", "gold");
        connection.put("SILVER_NAMESPACE", "silver");
        dbt = new DbtProcess(
                connection,
                Files.createTempDirectory(
                        Files.createDirectories(Path.of("target").toAbsolutePath()), "dbt-project-test-"));
        dbt.run("parse");
    }

    @Test
    void everyMartIsAnIncrementalIcebergMergeOnItsKeys() throws IOException {
        JsonNode nodes = new ObjectMapper()
                .readTree(dbt.targetDir().resolve("manifest.json").toFile())
                .get("nodes");
        Map<String, List<String>> keys = Map.of(
                "fct_user_daily_activity", List.of("actor_id", "activity_date"),
                "fct_repo_daily_activity", List.of("repo_id", "activity_date"),
                "fct_pull_requests", List.of("repo_id", "pr_number"),
                "fct_event_type_hourly", List.of("event_type", "event_hour"),
                "trending_repositories", List.of("repo_id", "as_of_date"),
                "dim_actors", List.of("actor_id"),
                "dim_repos", List.of("repo_id"));
        for (String mart : MARTS) {
            JsonNode config = nodes.get("model.descheduler_gold." + mart).get("config");
            assertThat(config.get("materialized").asText()).as(mart).isEqualTo("incremental");
            assertThat(config.get("incremental_strategy").asText()).as(mart).isEqualTo("merge");
            assertThat(config.get("file_format").asText()).as(mart).isEqualTo("iceberg");
            JsonNode uniqueKey = config.get("unique_key");
            List<String> actual = uniqueKey.isArray()
                    ? new ObjectMapper().convertValue(uniqueKey, List.class)
                    : List.of(uniqueKey.asText());
            assertThat(actual).as(mart).isEqualTo(keys.get(mart));
        }
    }

    @Test
    void theModelsAndTestsCompileWithoutAServer() throws Exception {
        dbt.run(
                "compile",
                "--no-populate-cache",
                "--no-introspect",
                "--select",
                "resource_type:model resource_type:test",
                "--vars",
                "{offline: true}");

        Path compiled = dbt.targetDir().resolve("compiled/descheduler_gold/models/marts");
        for (String mart : MARTS) {
            assertThat(compiled.resolve(mart + ".sql")).as(mart).isNotEmptyFile();
        }
        assertThat(Files.readString(compiled.resolve("fct_user_daily_activity.sql")))
                .contains("gold.int_actor_days_aggregated", "range between 6 preceding and current row");
        assertThat(Files.readString(dbt.targetDir()
                        .resolve("compiled/descheduler_gold/models/staging/github/stg_github__events.sql")))
                .contains("from silver.github_events", "when 'PushEvent' then 3");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

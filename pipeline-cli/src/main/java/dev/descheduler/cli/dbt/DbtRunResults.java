package dev.descheduler.cli.dbt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one dbt invocation did, read from the {@code run_results.json} it wrote: when it finished, how long it took, and
 * how many nodes of each kind (model, test, unit_test, seed, snapshot) ended in each status.
 *
 * @param nodes per kind, per status (dbt's own words: success, error, skipped for models; pass, fail, warn, error,
 *     skipped for tests), the count of nodes
 */
record DbtRunResults(Instant generatedAt, Duration elapsed, Map<String, Map<String, Integer>> nodes) {

    /** The node kinds whose result is a check of the data or the logic, not a build. */
    static final Set<String> TEST_KINDS = Set.of("test", "unit_test");
    /** The statuses that mean a node did not do its job (a skipped node follows a failed one upstream). */
    static final Set<String> FAILED = Set.of("error", "fail", "runtime error");

    DbtRunResults {
        Map<String, Map<String, Integer>> copy = new TreeMap<>();
        nodes.forEach((kind, statuses) -> copy.put(kind, Map.copyOf(statuses)));
        nodes = Map.copyOf(copy);
    }

    static DbtRunResults read(Path file) throws IOException {
        return parse(new ObjectMapper().readTree(file.toFile()), file.toString());
    }

    static DbtRunResults parse(JsonNode root, String where) {
        JsonNode generatedAt = root.path("metadata").path("generated_at");
        JsonNode results = root.path("results");
        if (!generatedAt.isTextual() || !results.isArray()) {
            throw new IllegalArgumentException(
                    where + " is not a dbt run_results.json (no metadata.generated_at or" + " results)");
        }
        Map<String, Map<String, Integer>> nodes = new TreeMap<>();
        for (JsonNode result : results) {
            // unique_id: <kind>.<project>.<name>[.<hash>]
            String kind = result.path("unique_id").asText("unknown.").split("\\.", 2)[0];
            String status = result.path("status").asText("unknown");
            nodes.computeIfAbsent(kind, k -> new TreeMap<>()).merge(status, 1, Integer::sum);
        }
        return new DbtRunResults(
                Instant.parse(generatedAt.asText()),
                Duration.ofMillis(Math.round(root.path("elapsed_time").asDouble(0) * 1000)),
                nodes);
    }

    /** Data tests and unit tests that passed (a warning passes: the test's own severity said so). */
    int testsPassed() {
        return count(TEST_KINDS, Set.of("pass", "warn"));
    }

    /** Data tests and unit tests that failed or could not run. */
    int testsFailed() {
        return count(TEST_KINDS, FAILED);
    }

    /** No node failed: every model built and every test passed (or only warned). */
    boolean succeeded() {
        return nodes.values().stream()
                .flatMap(statuses -> statuses.entrySet().stream())
                .noneMatch(status -> FAILED.contains(status.getKey()) && status.getValue() > 0);
    }

    private int count(Set<String> kinds, Set<String> statuses) {
        int count = 0;
        for (String kind : kinds) {
            for (Map.Entry<String, Integer> status :
                    nodes.getOrDefault(kind, Map.of()).entrySet()) {
                if (statuses.contains(status.getKey())) {
                    count += status.getValue();
                }
            }
        }
        return count;
    }
}

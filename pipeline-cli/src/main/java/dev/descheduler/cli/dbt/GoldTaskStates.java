package dev.descheduler.cli.dbt;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a Gold build in Airflow did, from the final states of its Cosmos tasks. Cosmos runs one {@code dbt run} per
 * model and one {@code dbt test} per model's tests (and per test over several models), each writing over the same
 * run_results.json, so no file holds the whole build; the task instances do. A test task holds every test of its
 * model: a failed one counts as one failed test however many of its tests failed, which is enough for an alert on
 * "more than zero".
 *
 * @param states Airflow task id to its final state, e.g. {@code gold.dim_repos.run -> success}
 */
record GoldTaskStates(Map<String, String> states) {

    /** Airflow's finished states; anything else means the caller asked before the tasks were done. */
    private static final Set<String> FINISHED = Set.of("success", "failed", "upstream_failed", "skipped", "removed");

    GoldTaskStates {
        states = Map.copyOf(new TreeMap<>(states));
    }

    /** {@code task_id=state} pairs, as the DAG's gold_metrics task passes them. */
    static GoldTaskStates parse(List<String> pairs) {
        Map<String, String> states = new TreeMap<>();
        for (String pair : pairs) {
            int equals = pair.lastIndexOf('=');
            String task = equals < 0 ? "" : pair.substring(0, equals).trim();
            String state = equals < 0 ? "" : pair.substring(equals + 1).trim();
            if (task.isEmpty() || state.isEmpty()) {
                throw new IllegalArgumentException(
                        "--task-state must be TASK_ID=STATE (e.g. gold.dim_repos.run=success), was '" + pair + "'");
            }
            if (!FINISHED.contains(state)) {
                throw new IllegalArgumentException("--task-state " + task + ": '" + state
                        + "' is not a finished task's state (expected one of "
                        + String.join(", ", FINISHED.stream().sorted().toList()) + ")");
            }
            states.put(task, state);
        }
        return new GoldTaskStates(states);
    }

    /** No Gold task ran: the run stopped upstream (Silver failed), so Gold was neither built nor failed to build. */
    boolean nothingRan() {
        return states.values().stream().noneMatch(state -> state.equals("success") || state.equals("failed"));
    }

    /** Every model built and every test passed. */
    boolean succeeded() {
        return states.values().stream().noneMatch(state -> state.equals("failed") || state.equals("upstream_failed"));
    }

    int testsPassed() {
        return nodes().getOrDefault("test", Map.of()).getOrDefault("pass", 0);
    }

    int testsFailed() {
        return nodes().getOrDefault("test", Map.of()).getOrDefault("fail", 0);
    }

    /**
     * Per kind and status, in dbt's words (as run_results.json gives them to {@code make gold}'s push), so one panel
     * reads both: a model task that failed is a model in error, a test task that failed is a failed test, a task
     * whose upstream failed was skipped.
     */
    Map<String, Map<String, Integer>> nodes() {
        Map<String, Map<String, Integer>> nodes = new TreeMap<>();
        states.forEach((task, state) -> {
            if (state.equals("removed")) {
                return;
            }
            String kind = kind(task);
            String status =
                    switch (state) {
                        case "success" -> kind.equals("test") ? "pass" : "success";
                        case "failed" -> kind.equals("test") ? "fail" : "error";
                        default -> "skipped";
                    };
            nodes.computeIfAbsent(kind, k -> new TreeMap<>()).merge(status, 1, Integer::sum);
        });
        return nodes;
    }

    /** Cosmos's task ids: {@code <group>.<model>.run} or {@code <group>.<model>_run}, and the same with test. */
    private static String kind(String task) {
        if (task.endsWith(".run") || task.endsWith("_run")) {
            return "model";
        }
        if (task.endsWith(".test") || task.endsWith("_test")) {
            return "test";
        }
        return "other";
    }
}

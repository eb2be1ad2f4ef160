package dev.descheduler.cli.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/** One task of a run: its state (null until the scheduler looked at it), the try it is on, how long it took. */
public record TaskInstance(String taskId, String state, int tryNumber, Double durationSeconds) {

    /** Failed itself; {@code upstream_failed} tasks did not run because of it and are not named as culprits. */
    public boolean failed() {
        return "failed".equals(state);
    }

    static TaskInstance of(JsonNode task) {
        return new TaskInstance(
                task.path("task_id").asText(),
                DagRun.text(task, "state"),
                task.path("try_number").asInt(),
                task.path("duration").isNumber() ? task.path("duration").asDouble() : null);
    }
}

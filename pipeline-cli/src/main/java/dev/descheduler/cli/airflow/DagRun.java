package dev.descheduler.cli.airflow;

import com.fasterxml.jackson.databind.JsonNode;

/** One run of a DAG as the REST API reports it; times are ISO-8601 strings as Airflow sends them, null when unset. */
public record DagRun(
        String dagId,
        String runId,
        String state,
        String runType,
        String queuedAt,
        String startDate,
        String endDate,
        Double durationSeconds) {

    public boolean finished() {
        return "success".equals(state) || "failed".equals(state);
    }

    public boolean succeeded() {
        return "success".equals(state);
    }

    static DagRun of(JsonNode run) {
        return new DagRun(
                run.path("dag_id").asText(),
                run.path("dag_run_id").asText(),
                run.path("state").asText(),
                text(run, "run_type"),
                text(run, "queued_at"),
                text(run, "start_date"),
                text(run, "end_date"),
                run.path("duration").isNumber() ? run.path("duration").asDouble() : null);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }
}

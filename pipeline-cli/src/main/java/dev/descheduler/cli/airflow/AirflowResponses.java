package dev.descheduler.cli.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Turns Airflow's error bodies into the one-line messages the CLI prints. */
final class AirflowResponses {

    private AirflowResponses() {}

    /**
     * Airflow's {@code detail}: a sentence for 4xx errors (404 "Dag with dag_id: … not found"), a list of
     * {@code {loc, msg}} for a 422 validation error. Falls back to the raw body when it is not JSON.
     */
    static String detail(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            return "(no details)";
        }
        try {
            JsonNode detail = json.readTree(body).path("detail");
            if (detail.isTextual()) {
                return detail.asText();
            }
            if (detail.isArray()) {
                List<String> problems = new ArrayList<>();
                for (JsonNode problem : detail) {
                    List<String> location = new ArrayList<>();
                    problem.path("loc").forEach(part -> location.add(part.asText()));
                    problems.add(String.join(".", location) + ": "
                            + problem.path("msg").asText());
                }
                return String.join("; ", problems);
            }
            if (!detail.isMissingNode()) {
                return detail.toString();
            }
        } catch (IOException notJson) {
            // fall through: an HTML error page from a proxy, say
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    static AirflowException unreachable(AirflowConnection connection, IOException cause) {
        return new AirflowException(
                "Airflow is not reachable at " + connection.baseUrl() + " (" + cause.getMessage()
                        + "): is it running? (`make up` starts it; --url or AIRFLOW_URL names another)",
                cause);
    }
}

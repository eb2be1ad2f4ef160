package dev.descheduler.cli.airflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Airflow's REST API v2, the calls the CLI makes. Every call is signed ({@link BearerTokens}), transient failures are
 * retried ({@link TransientFailureRetry}), and a refusal comes back as an {@link AirflowException} whose message says
 * what to do about it.
 */
public final class AirflowClient {

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    /** Airflow caps any page at its {@code maximum_page_limit}, 100 by default; larger lists are paged. */
    private static final int PAGE = 100;

    private final AirflowConnection connection;
    private final OkHttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public AirflowClient(AirflowConnection connection) {
        this(connection, TransientFailureRetry.standard());
    }

    AirflowClient(AirflowConnection connection, TransientFailureRetry retry) {
        this.connection = connection;
        OkHttpClient base = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ofSeconds(60))
                .addInterceptor(retry)
                .build();
        BearerTokens tokens = new BearerTokens(connection, base, json);
        this.http =
                base.newBuilder().addInterceptor(tokens).authenticator(tokens).build();
    }

    public AirflowConnection connection() {
        return connection;
    }

    /** The page of a run in the Airflow UI. */
    public String runUrl(String dagId, String runId) {
        return connection.base() + "/dags/" + segment(dagId) + "/runs/" + segment(runId);
    }

    /**
     * Triggers {@code dagId} now. {@code runId} may be null (Airflow names it); {@code conf} is a JSON object or null.
     * Fails with the reason when the DAG is unknown, its file does not import, the run id is taken or the conf is
     * refused.
     */
    public DagRun trigger(String dagId, String runId, JsonNode conf) {
        requireLoadable(dagId);
        ObjectNode body = json.createObjectNode();
        // Airflow 3 requires the field: null means "no logical date", a run for now rather than for a data interval
        body.putNull("logical_date");
        if (runId != null) {
            body.put("dag_run_id", runId);
        }
        if (conf != null) {
            if (!conf.isObject()) {
                throw new AirflowException("--conf must be a JSON object, like '{\"key\": \"value\"}', got " + conf);
            }
            body.set("conf", conf);
        }
        JsonNode run = call(post("/api/v2/dags/" + segment(dagId) + "/dagRuns", body), status -> switch (status) {
            case 404 -> "unknown DAG '" + dagId + "'";
            case 409 -> "DAG '" + dagId + "' already has a run with id '" + runId + "': choose another --run-id";
            case 422 -> "Airflow refused the run's settings for DAG '" + dagId + "'";
            default -> "could not trigger DAG '" + dagId + "'";
        });
        return DagRun.of(run);
    }

    public DagRun run(String dagId, String runId) {
        return DagRun.of(call(
                get("/api/v2/dags/" + segment(dagId) + "/dagRuns/" + segment(runId)),
                status -> status == 404
                        ? "DAG '" + dagId + "' has no run '" + runId + "' (or the DAG is unknown)"
                        : "could not read run '" + runId + "' of DAG '" + dagId + "'"));
    }

    /** The latest runs first, at most {@code limit}. */
    public List<DagRun> runs(String dagId, int limit) {
        JsonNode page = call(
                get("/api/v2/dags/" + segment(dagId) + "/dagRuns?order_by=-run_after&order_by=-id&limit="
                        + Math.min(limit, PAGE)),
                dagRefusal(dagId, "list the runs of"));
        List<DagRun> runs = new ArrayList<>();
        page.path("dag_runs").forEach(run -> runs.add(DagRun.of(run)));
        return runs;
    }

    public Optional<DagRun> latestRun(String dagId) {
        return runs(dagId, 1).stream().findFirst();
    }

    /** Every task of the run, in the order Airflow schedules them (all pages). */
    public List<TaskInstance> tasks(String dagId, String runId) {
        List<TaskInstance> tasks = new ArrayList<>();
        String path = "/api/v2/dags/" + segment(dagId) + "/dagRuns/" + segment(runId) + "/taskInstances";
        for (int offset = 0; ; offset += PAGE) {
            JsonNode page = call(
                    get(path + "?order_by=start_date&order_by=id&limit=" + PAGE + "&offset=" + offset),
                    status -> status == 404
                            ? "DAG '" + dagId + "' has no run '" + runId + "' (or the DAG is unknown)"
                            : "could not list the tasks of run '" + runId + "'");
            page.path("task_instances").forEach(task -> tasks.add(TaskInstance.of(task)));
            if (page.path("task_instances").size() < PAGE
                    || tasks.size() >= page.path("total_entries").asInt()) {
                return tasks;
            }
        }
    }

    public void setPaused(String dagId, boolean paused) {
        ObjectNode body = json.createObjectNode().put("is_paused", paused);
        call(
                new Request.Builder()
                        .url(url("/api/v2/dags/" + segment(dagId) + "?update_mask=is_paused"))
                        .patch(RequestBody.create(bytes(body), JSON_TYPE))
                        .build(),
                dagRefusal(dagId, paused ? "pause" : "unpause"));
    }

    /** The log lines of one try of a task; {@code tryNumber} null means its latest try. */
    public List<String> log(String dagId, String runId, String taskId, Integer tryNumber) {
        int attempt = tryNumber != null ? tryNumber : latestTry(dagId, runId, taskId);
        JsonNode log = call(
                get("/api/v2/dags/" + segment(dagId) + "/dagRuns/" + segment(runId) + "/taskInstances/"
                        + segment(taskId) + "/logs/" + attempt + "?full_content=true"),
                status -> status == 404
                        ? "no log for task '" + taskId + "' try " + attempt + " of run '" + runId + "' of DAG '" + dagId
                                + "'"
                        : "could not read the log of task '" + taskId + "'");
        List<String> lines = new ArrayList<>();
        for (JsonNode line : log.path("content")) {
            if (line.isTextual()) {
                lines.add(line.asText());
                continue;
            }
            StringBuilder text = new StringBuilder();
            String timestamp = DagRun.text(line, "timestamp");
            String level = DagRun.text(line, "level");
            if (timestamp != null) text.append(timestamp).append(' ');
            if (level != null) text.append('[').append(level).append("] ");
            lines.add(text.append(line.path("event").asText()).toString());
        }
        return lines;
    }

    /** Marks the asset named {@code assetName} updated, so the DAGs scheduled on it run; returns the event's id. */
    public long createAssetEvent(String assetName, Map<String, ?> extra) {
        JsonNode assets = call(
                get("/api/v2/assets?name_pattern=" + query(assetName) + "&limit=" + PAGE),
                status -> "could not look up asset '" + assetName + "'");
        JsonNode asset = null;
        List<String> names = new ArrayList<>();
        for (JsonNode candidate : assets.path("assets")) {
            names.add(candidate.path("name").asText());
            if (assetName.equals(candidate.path("name").asText())) {
                asset = candidate;
            }
        }
        if (asset == null) {
            throw new AirflowException("Airflow knows no asset named '" + assetName + "'"
                    + (names.isEmpty() ? " (no DAG that uses it has been parsed yet?)" : "; similar: " + names));
        }
        ObjectNode body =
                json.createObjectNode().put("asset_id", asset.path("id").asLong());
        body.set("extra", json.valueToTree(extra));
        JsonNode event =
                call(post("/api/v2/assets/events", body), status -> "could not mark asset '" + assetName + "' updated");
        return event.path("id").asLong();
    }

    private int latestTry(String dagId, String runId, String taskId) {
        return tasks(dagId, runId).stream()
                .filter(task -> task.taskId().equals(taskId))
                .findFirst()
                .map(task -> Math.max(task.tryNumber(), 1))
                .orElseThrow(() -> new AirflowException(
                        "run '" + runId + "' of DAG '" + dagId + "' has no task '" + taskId + "'"));
    }

    /**
     * A DAG that is not in Airflow may be one whose file fails to import: say so, with the error, instead of a bare
     * "not found". A DAG that is known but whose file broke since is refused too: the run would use stale code.
     */
    private void requireLoadable(String dagId) {
        Request request = get("/api/v2/dags/" + segment(dagId));
        try (Response response = execute(request)) {
            if (response.code() == 404) {
                Optional<String> importError = importErrorOf(dagId);
                throw new AirflowException(importError
                        .map(error -> "DAG '" + dagId + "' is not loaded: its file has import errors: " + error)
                        .orElseGet(() -> "unknown DAG '" + dagId + "': Airflow has no DAG with that id (known: "
                                + String.join(", ", dagIds()) + ")"));
            }
            JsonNode dag = body(response, status -> "could not read DAG '" + dagId + "'");
            if (dag.path("has_import_errors").asBoolean()) {
                throw new AirflowException("DAG '" + dagId + "' has import errors: "
                        + importErrorOf(dagId).orElse("(see Browse → Import errors in the UI)"));
            }
        }
    }

    /** The last line of the import error of {@code <dagId>.py} (a DAG's id is its file's name here). */
    private Optional<String> importErrorOf(String dagId) {
        JsonNode errors = call(get("/api/v2/importErrors?limit=" + PAGE), status -> "could not list import errors");
        for (JsonNode error : errors.path("import_errors")) {
            String file = error.path("filename").asText();
            if (file.equals(dagId + ".py") || file.endsWith("/" + dagId + ".py")) {
                String[] trace = error.path("stack_trace").asText().strip().split("\n");
                return Optional.of(file + ": " + trace[trace.length - 1].strip());
            }
        }
        return Optional.empty();
    }

    private List<String> dagIds() {
        JsonNode dags = call(get("/api/v2/dags?limit=" + PAGE), status -> "could not list DAGs");
        List<String> ids = new ArrayList<>();
        dags.path("dags").forEach(dag -> ids.add(dag.path("dag_id").asText()));
        return ids;
    }

    private Function<Integer, String> dagRefusal(String dagId, String action) {
        return status -> status == 404 ? "unknown DAG '" + dagId + "'" : "could not " + action + " DAG '" + dagId + "'";
    }

    private JsonNode call(Request request, Function<Integer, String> refusal) {
        try (Response response = execute(request)) {
            return body(response, refusal);
        }
    }

    private Response execute(Request request) {
        try {
            return http.newCall(request).execute();
        } catch (AirflowException e) {
            throw e; // the token could not be had: already says why
        } catch (ConnectException e) {
            throw AirflowResponses.unreachable(connection, e);
        } catch (IOException e) {
            throw new AirflowException(
                    request.method() + " " + request.url().encodedPath() + " failed: " + e.getMessage(), e);
        }
    }

    private JsonNode body(Response response, Function<Integer, String> refusal) {
        String text;
        try {
            ResponseBody body = response.body();
            text = body == null ? "" : body.string();
        } catch (IOException e) {
            throw new AirflowException(
                    "Airflow's answer to " + response.request().url().encodedPath() + " broke off: " + e.getMessage(),
                    e);
        }
        if (response.isSuccessful()) {
            try {
                return text.isEmpty() ? json.createObjectNode() : json.readTree(text);
            } catch (IOException e) {
                throw new AirflowException(
                        "Airflow answered " + response.request().url().encodedPath()
                                + " with something that is not JSON: " + AirflowResponses.detail(json, text));
            }
        }
        String detail = AirflowResponses.detail(json, text);
        String message =
                switch (response.code()) {
                    case 401 ->
                        "Airflow at " + connection.baseUrl() + " refused the token of user '" + connection.user()
                                + "' even after renewing it (HTTP 401: " + detail + ")";
                    case 403 ->
                        "user '" + connection.user() + "' may not do this: " + refusal.apply(403) + " (HTTP 403: "
                                + detail + ")";
                    default -> refusal.apply(response.code()) + " (HTTP " + response.code() + ": " + detail + ")";
                };
        throw new AirflowException(message);
    }

    private Request get(String path) {
        return new Request.Builder().url(url(path)).get().build();
    }

    private Request post(String path, JsonNode body) {
        return new Request.Builder()
                .url(url(path))
                .post(RequestBody.create(bytes(body), JSON_TYPE))
                .build();
    }

    private String url(String path) {
        return connection.base() + path;
    }

    private byte[] bytes(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

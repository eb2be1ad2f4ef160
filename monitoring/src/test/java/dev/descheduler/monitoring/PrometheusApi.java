package dev.descheduler.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Prometheus's HTTP API (/api/v1), as Grafana's Prometheus datasource calls it: POST with form parameters. */
final class PrometheusApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PrometheusApi(URI base) {
        this.base = base;
    }

    /** {@code data} of an instant query at {@code time}; a query Prometheus refuses is an error naming it. */
    JsonNode query(String expr, Instant time) throws IOException {
        return post("/api/v1/query", params("query", expr, "time", seconds(time)));
    }

    JsonNode queryRange(String expr, Instant start, Instant end, Duration step) throws IOException {
        return post(
                "/api/v1/query_range",
                params(
                        "query",
                        expr,
                        "start",
                        seconds(start),
                        "end",
                        seconds(end),
                        "step",
                        Double.toString(step.toMillis() / 1000.0)));
    }

    /** The values of {@code label} on the series {@code selector} matches in the time range (label_values()). */
    List<String> labelValues(String label, String selector, Instant start, Instant end) throws IOException {
        JsonNode data = get(
                "/api/v1/label/" + label + "/values",
                params("match[]", selector, "start", seconds(start), "end", seconds(end)));
        List<String> values = new ArrayList<>();
        data.forEach(value -> values.add(value.asText()));
        return values;
    }

    JsonNode alerts() throws IOException {
        return get("/api/v1/alerts", Map.of()).path("alerts");
    }

    JsonNode ruleGroups() throws IOException {
        return get("/api/v1/rules", Map.of()).path("groups");
    }

    JsonNode targets() throws IOException {
        return get("/api/v1/targets", Map.of()).path("activeTargets");
    }

    boolean ready() {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(base.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode post(String path, Map<String, String> form) throws IOException {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build());
    }

    private JsonNode get(String path, Map<String, String> params) throws IOException {
        String query = params.isEmpty() ? "" : "?" + encode(params);
        return send(HttpRequest.newBuilder(URI.create(base + path + query)).build());
    }

    private JsonNode send(HttpRequest request) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200
                || !"success".equals(body.path("status").asText())) {
            throw new IOException(request.uri().getPath() + " answered " + response.statusCode() + ": "
                    + body.path("errorType").asText() + ": "
                    + body.path("error").asText());
        }
        return body.path("data");
    }

    private static Map<String, String> params(String... keysAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return params;
    }

    private static String encode(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String seconds(Instant time) {
        return String.format(java.util.Locale.ROOT, "%.3f", time.toEpochMilli() / 1000.0);
    }
}

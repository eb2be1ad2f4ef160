package dev.descheduler.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One classic Grafana dashboard JSON file of monitoring/grafana/dashboards, read as Grafana reads it: panels (those of
 * rows included), their queries, and the template variables.
 */
record GrafanaDashboard(String file, JsonNode json) {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DASHBOARDS = ROOT.resolve("monitoring/grafana/dashboards");
    static final Path PROVISIONING = ROOT.resolve("monitoring/grafana/provisioning");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A panel's query: what Grafana sends to Prometheus for one target. */
    record Query(String dashboard, int panelId, String panelTitle, String refId, String expr, boolean instant) {

        String name() {
            return dashboard + " panel " + panelId + " \"" + panelTitle + "\" " + refId;
        }
    }

    /** A template variable; {@code query} is its Prometheus query (label_values(...)) for type query, else empty. */
    record Variable(String name, String type, String query, boolean includeAll, JsonNode json) {}

    static List<GrafanaDashboard> all() {
        return all(DASHBOARDS);
    }

    static List<GrafanaDashboard> all(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .map(GrafanaDashboard::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GrafanaDashboard read(Path file) {
        try {
            return new GrafanaDashboard(file.getFileName().toString(), JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static GrafanaDashboard parse(String file, String json) {
        try {
            return new GrafanaDashboard(file, JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    String uid() {
        return json.path("uid").asText("");
    }

    /** Top-level panels, rows included, in file order. */
    List<JsonNode> topLevelPanels() {
        List<JsonNode> panels = new ArrayList<>();
        json.path("panels").forEach(panels::add);
        return panels;
    }

    /** Every panel, the ones a collapsed row holds included. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    static boolean isRow(JsonNode panel) {
        return "row".equals(panel.path("type").asText());
    }

    List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(
                        file,
                        panel.path("id").asInt(-1),
                        panel.path("title").asText(),
                        target.path("refId").asText(),
                        target.path("expr").asText(""),
                        target.path("instant").asBoolean(false)));
            }
        }
        return queries;
    }

    List<Variable> variables() {
        List<Variable> variables = new ArrayList<>();
        for (JsonNode variable : json.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            // Grafana writes a variable's query as a string (classic) or as {"query": "..."} (newer editors)
            String text = query.isObject() ? query.path("query").asText("") : query.asText("");
            variables.add(new Variable(
                    variable.path("name").asText(""),
                    variable.path("type").asText(""),
                    text,
                    variable.path("includeAll").asBoolean(false),
                    variable));
        }
        return variables;
    }
}

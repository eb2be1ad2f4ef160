package dev.descheduler.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What makes a dashboard load and draw in a Grafana provisioned from monitoring/grafana: each check returns the
 * problems it finds, one line each, naming the dashboard and the panel, so that a failing test says what to fix.
 */
final class DashboardChecks {

    static final int GRID_COLUMNS = 24;

    /** A Prometheus variable query as Grafana's Prometheus datasource supports it. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((?:(.*),)?\\s*(\\w+)\\s*\\)$");

    private static final Pattern QUERY_RESULT = Pattern.compile("^query_result\\((.*)\\)$");

    private DashboardChecks() {}

    static List<String> uniqueUids(List<GrafanaDashboard> dashboards) {
        List<String> problems = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (GrafanaDashboard dashboard : dashboards) {
            String uid = dashboard.uid();
            if (uid.isBlank()) {
                problems.add(dashboard.file() + ": no uid (Grafana would make one up, and links to it would break)");
            } else if (seen.containsKey(uid)) {
                problems.add(dashboard.file() + ": uid " + uid + " is also " + seen.get(uid) + "'s");
            } else {
                seen.put(uid, dashboard.file());
            }
        }
        return problems;
    }

    static List<String> uniquePanelIds(GrafanaDashboard dashboard) {
        List<String> problems = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (JsonNode panel : dashboard.panels()) {
            if (!panel.path("id").canConvertToInt()) {
                problems.add(dashboard.file() + ": panel \"" + title(panel) + "\" has no numeric id");
            } else if (!seen.add(panel.path("id").asInt())) {
                problems.add(dashboard.file() + ": panel id " + panel.path("id").asInt() + " is used twice (\""
                        + title(panel) + "\")");
            }
        }
        return problems;
    }

    /** Every panel inside the 24 columns, with a size, and no two top-level panels on the same cell. */
    static List<String> gridPositions(GrafanaDashboard dashboard) {
        List<String> problems = new ArrayList<>();
        for (JsonNode panel : dashboard.panels()) {
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt(-1);
            int y = grid.path("y").asInt(-1);
            int w = grid.path("w").asInt(0);
            int h = grid.path("h").asInt(0);
            if (!grid.isObject() || x < 0 || y < 0 || w < 1 || h < 1 || x + w > GRID_COLUMNS) {
                problems.add(describe(dashboard, panel) + ": gridPos " + grid + " is not inside " + GRID_COLUMNS
                        + " columns with a width and height of at least 1");
            }
        }
        List<JsonNode> placed = dashboard.topLevelPanels();
        for (int i = 0; i < placed.size(); i++) {
            for (int j = i + 1; j < placed.size(); j++) {
                if (overlap(placed.get(i).path("gridPos"), placed.get(j).path("gridPos"))) {
                    problems.add(describe(dashboard, placed.get(i)) + " overlaps panel "
                            + placed.get(j).path("id") + " \"" + title(placed.get(j)) + "\"");
                }
            }
        }
        return problems;
    }

    /**
     * Every query panel, every target and every query variable names the provisioned datasource by its uid (file
     * provisioning resolves no {@code ${DS_...}} input, so anything else draws "datasource not found"); rows carry
     * no queries.
     */
    static List<String> datasourceBindings(GrafanaDashboard dashboard, String datasourceUid) {
        List<String> problems = new ArrayList<>();
        if (dashboard.json().has("__inputs")) {
            problems.add(
                    dashboard.file() + ": has __inputs (an export for sharing): file provisioning cannot fill them");
        }
        if (dashboard.json().toString().contains("${DS_")) {
            problems.add(dashboard.file() + ": uses a ${DS_...} input, which file provisioning does not resolve");
        }
        for (JsonNode panel : dashboard.panels()) {
            if (GrafanaDashboard.isRow(panel)) {
                if (panel.path("targets").size() > 0) {
                    problems.add(describe(dashboard, panel) + ": a row with queries");
                }
                continue;
            }
            if (!boundTo(panel.path("datasource"), datasourceUid)) {
                problems.add(describe(dashboard, panel) + ": datasource " + panel.path("datasource")
                        + " is not the provisioned Prometheus (uid " + datasourceUid + ")");
            }
            if (panel.path("targets").size() == 0) {
                problems.add(describe(dashboard, panel) + ": no query");
            }
            for (JsonNode target : panel.path("targets")) {
                if (!boundTo(target.path("datasource"), datasourceUid)) {
                    problems.add(describe(dashboard, panel) + " query "
                            + target.path("refId").asText() + ": datasource " + target.path("datasource")
                            + " is not uid " + datasourceUid);
                }
                if (target.path("expr").asText("").isBlank()) {
                    problems.add(describe(dashboard, panel) + " query "
                            + target.path("refId").asText() + ": empty expr");
                }
            }
        }
        for (GrafanaDashboard.Variable variable : dashboard.variables()) {
            if ("query".equals(variable.type()) && !boundTo(variable.json().path("datasource"), datasourceUid)) {
                problems.add(dashboard.file() + ": variable $" + variable.name() + "'s datasource "
                        + variable.json().path("datasource") + " is not uid " + datasourceUid);
            }
        }
        return problems;
    }

    /** Every variable a query, title or legend uses is defined in the dashboard (or one of Grafana's own). */
    static List<String> variablesDefined(GrafanaDashboard dashboard) {
        List<String> problems = new ArrayList<>();
        Set<String> defined = new HashSet<>(GrafanaVariables.BUILT_IN);
        for (GrafanaDashboard.Variable variable : dashboard.variables()) {
            if (variable.name().isBlank()) {
                problems.add(dashboard.file() + ": a variable without a name");
            } else if (!defined.add(variable.name())) {
                problems.add(dashboard.file() + ": variable $" + variable.name() + " is defined twice");
            }
        }
        for (GrafanaDashboard.Variable variable : dashboard.variables()) {
            for (String used : GrafanaVariables.used(variable.query())) {
                if (!defined.contains(used)) {
                    problems.add(dashboard.file() + ": variable $" + variable.name() + "'s query uses $" + used
                            + ", which is not defined");
                }
            }
        }
        for (JsonNode panel : dashboard.panels()) {
            List<String> texts = new ArrayList<>(List.of(title(panel)));
            for (JsonNode target : panel.path("targets")) {
                texts.add(target.path("expr").asText(""));
                texts.add(target.path("legendFormat").asText(""));
            }
            for (String text : texts) {
                for (String used : GrafanaVariables.used(text)) {
                    if (!defined.contains(used)) {
                        problems.add(describe(dashboard, panel) + " uses $" + used + ", which is not defined");
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Every panel query and every variable's query parses as PromQL, by Prometheus's own parser, after Grafana's
     * variables are given values of the right shape.
     */
    static List<String> promqlParses(List<GrafanaDashboard> dashboards, Promtool promtool, Path workDir)
            throws IOException {
        Map<String, String> expressions = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (GrafanaDashboard dashboard : dashboards) {
            Map<String, String> values = sampleValues(dashboard);
            for (GrafanaDashboard.Query query : dashboard.queries()) {
                if (!query.expr().isBlank()) {
                    expressions.put(query.name(), GrafanaVariables.substitute(query.expr(), values));
                }
            }
            for (GrafanaDashboard.Variable variable : dashboard.variables()) {
                if (!"query".equals(variable.type())) {
                    continue;
                }
                String query = variable.query().strip();
                Matcher labelValues = LABEL_VALUES.matcher(query);
                Matcher queryResult = QUERY_RESULT.matcher(query);
                String name = dashboard.file() + " variable $" + variable.name();
                if (labelValues.matches()) {
                    if (labelValues.group(1) != null) {
                        expressions.put(name, GrafanaVariables.substitute(labelValues.group(1), values));
                    }
                } else if (queryResult.matches()) {
                    expressions.put(name, GrafanaVariables.substitute(queryResult.group(1), values));
                } else {
                    problems.add(name + ": query " + query + " is neither label_values(...) nor query_result(...)");
                }
            }
        }
        promtool.parseErrors(expressions, workDir)
                .forEach((name, error) -> problems.add(name + " does not parse: " + error));
        return problems;
    }

    /** Values of the right shape for every variable a query may use: durations for Grafana's, a word for the rest. */
    static Map<String, String> sampleValues(GrafanaDashboard dashboard) {
        Map<String, String> values = new HashMap<>();
        values.put("__rate_interval", "1m");
        values.put("__interval", "15s");
        values.put("__interval_ms", "15000");
        values.put("__range", "3600s");
        values.put("__range_s", "3600");
        values.put("__range_ms", "3600000");
        for (GrafanaDashboard.Variable variable : dashboard.variables()) {
            values.put(variable.name(), "sample");
        }
        // an undefined variable is variablesDefined's to report: give it a value so the parser still sees the query
        for (GrafanaDashboard.Query query : dashboard.queries()) {
            GrafanaVariables.used(query.expr()).forEach(name -> values.putIfAbsent(name, "sample"));
        }
        for (GrafanaDashboard.Variable variable : dashboard.variables()) {
            GrafanaVariables.used(variable.query()).forEach(name -> values.putIfAbsent(name, "sample"));
        }
        return values;
    }

    private static boolean boundTo(JsonNode datasource, String uid) {
        return datasource.isObject()
                && uid.equals(datasource.path("uid").asText())
                && "prometheus".equals(datasource.path("type").asText());
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        int ax = a.path("x").asInt(),
                ay = a.path("y").asInt(),
                aw = a.path("w").asInt(),
                ah = a.path("h").asInt();
        int bx = b.path("x").asInt(),
                by = b.path("y").asInt(),
                bw = b.path("w").asInt(),
                bh = b.path("h").asInt();
        return ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;
    }

    private static String describe(GrafanaDashboard dashboard, JsonNode panel) {
        return dashboard.file() + " panel " + panel.path("id") + " \"" + title(panel) + "\"";
    }

    private static String title(JsonNode panel) {
        return panel.path("title").asText("");
    }
}

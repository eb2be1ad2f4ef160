package dev.descheduler.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each check of {@link DashboardChecks} fails on a copy of a real dashboard broken the way a hand edit breaks it. */
class DashboardChecksTest {

    private static final String UID = "de-scheduler-prometheus";

    @Test
    void twoDashboardsWithOneUidAreReported() {
        GrafanaDashboard copy = broken("pipeline.json", d -> d.put("uid", "de-scheduler-collector"));

        assertThat(DashboardChecks.uniqueUids(List.of(real("collector.json"), copy)))
                .singleElement()
                .asString()
                .contains("uid de-scheduler-collector is also collector.json's");
    }

    @Test
    void aPanelIdUsedTwiceIsReported() {
        GrafanaDashboard copy = broken("collector.json", d -> panel(d, 10).put("id", 9));

        assertThat(DashboardChecks.uniquePanelIds(copy))
                .singleElement()
                .asString()
                .contains("panel id 9 is used twice");
    }

    @Test
    void aPanelWiderThanTheGridIsReported() {
        GrafanaDashboard copy = broken("tables.json", d -> grid(d, 2).put("w", 13));

        assertThat(DashboardChecks.gridPositions(copy)).anyMatch(p -> p.contains("is not inside 24 columns"));
    }

    @Test
    void twoPanelsOnOneCellAreReported() {
        GrafanaDashboard copy = broken("pipeline.json", d -> grid(d, 3).put("x", 6));

        assertThat(DashboardChecks.gridPositions(copy))
                .singleElement()
                .asString()
                .contains("panel 2 \"Events /s through the streaming path\" overlaps panel 3");
    }

    @Test
    void aQueryOnAnotherDatasourceIsReported() {
        GrafanaDashboard copy = broken("collector.json", d -> ((ObjectNode)
                        panel(d, 20).path("targets").get(1).path("datasource"))
                .put("uid", "P1809F7CD0C75ACF3"));

        assertThat(DashboardChecks.datasourceBindings(copy, UID))
                .singleElement()
                .asString()
                .contains("panel 20 \"Batch size (events per batch)\" query B: datasource")
                .contains("is not uid " + UID);
    }

    @Test
    void aDatasourceInputOfAnExportIsReported() {
        GrafanaDashboard copy = broken(
                "tables.json", d -> ((ObjectNode) panel(d, 3).path("datasource")).put("uid", "${DS_PROMETHEUS}"));

        assertThat(DashboardChecks.datasourceBindings(copy, UID))
                .anyMatch(p -> p.contains("uses a ${DS_...} input"))
                .anyMatch(p -> p.contains("panel 3 \"Snapshots per table\": datasource"));
    }

    @Test
    void anUndefinedVariableIsReported() {
        GrafanaDashboard copy = broken(
                "pipeline.json", d -> ((ObjectNode) panel(d, 13).path("targets").get(0))
                        .put("expr", "max by (job) (lakehouse_job_duration_seconds{instance=~\"$instance\"})"));

        assertThat(DashboardChecks.variablesDefined(copy))
                .singleElement()
                .asString()
                .contains("panel 13 \"Duration of the last run\" uses $instance, which is not defined");
    }

    @Test
    void aQueryPrometheusCannotParseIsReported(@TempDir Path work) throws Exception {
        Promtool promtool = new Promtool(PrometheusTools.require("promtool").get(0));
        GrafanaDashboard copy = broken("collector.json", d -> ((ObjectNode)
                        panel(d, 21).path("targets").get(0))
                .put("expr", "histogram_quantile(0.5, sum by (le) rate(kafka_send_duration_seconds_bucket[5m]))"));

        assertThat(DashboardChecks.promqlParses(List.of(copy), promtool, work))
                .singleElement()
                .asString()
                .contains("collector.json panel 21 \"Send time (send to acknowledgement, retries included)\" A")
                .contains("parse error");
    }

    private static GrafanaDashboard real(String file) {
        return GrafanaDashboard.read(GrafanaDashboard.DASHBOARDS.resolve(file));
    }

    private static GrafanaDashboard broken(String file, Consumer<ObjectNode> breakIt) {
        ObjectNode json = (ObjectNode) real(file).json().deepCopy();
        breakIt.accept(json);
        return GrafanaDashboard.parse(file, json.toString());
    }

    private static ObjectNode panel(ObjectNode dashboard, int id) {
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("id").asInt() == id) {
                return (ObjectNode) panel;
            }
        }
        throw new AssertionError("no panel " + id);
    }

    private static ObjectNode grid(ObjectNode dashboard, int id) {
        return (ObjectNode) panel(dashboard, id).path("gridPos");
    }
}

package dev.descheduler.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards of monitoring/grafana/dashboards and their provisioning, as a Grafana started by Docker Compose would
 * load them: each check of {@link DashboardChecks} on the real files (DashboardChecksTest shows each one failing on a
 * broken copy).
 */
class DashboardStructureTest {

    private static final List<GrafanaDashboard> DASHBOARDS = GrafanaDashboard.all();

    @Test
    void theThreeDashboardsOfIssue11AreThere() {
        assertThat(DASHBOARDS)
                .extracting(GrafanaDashboard::file)
                .contains("collector.json", "pipeline.json", "tables.json");
        assertThat(DASHBOARDS)
                .allSatisfy(d -> assertThat(d.queries()).as(d.file()).isNotEmpty());
    }

    @Test
    void dashboardUidsAreUnique() {
        assertThat(DashboardChecks.uniqueUids(DASHBOARDS)).isEmpty();
    }

    @Test
    void panelIdsAreUniqueWithinEachDashboard() {
        assertThat(problems(DashboardChecks::uniquePanelIds)).isEmpty();
    }

    @Test
    void panelsFitTheGridWithoutOverlapping() {
        assertThat(problems(DashboardChecks::gridPositions)).isEmpty();
    }

    @Test
    void everyPanelAndQueryUsesTheProvisionedDatasource() {
        String uid = GrafanaProvisioning.datasourceUid();

        assertThat(problems(d -> DashboardChecks.datasourceBindings(d, uid))).isEmpty();
    }

    @Test
    void everyVariableUsedIsDefined() {
        assertThat(problems(DashboardChecks::variablesDefined)).isEmpty();
    }

    @Test
    void everyQueryParsesAsPromql(@TempDir Path work) throws Exception {
        Promtool promtool = new Promtool(PrometheusTools.require("promtool").get(0));

        assertThat(DashboardChecks.promqlParses(DASHBOARDS, promtool, work)).isEmpty();
    }

    @Test
    void theDatasourceIsThePrometheusOfTheComposeStackWithAFixedUid() {
        JsonNode datasources = GrafanaProvisioning.datasources().path("datasources");

        assertThat(datasources).hasSize(1);
        JsonNode prometheus = datasources.get(0);
        assertThat(prometheus.path("type").asText()).isEqualTo("prometheus");
        assertThat(prometheus.path("uid").asText()).isEqualTo("de-scheduler-prometheus");
        assertThat(prometheus.path("url").asText()).isEqualTo("http://prometheus:9090");
        // $__rate_interval is 4 x this: it must be Prometheus's scrape interval
        assertThat(prometheus.path("jsonData").path("timeInterval").asText())
                .isEqualTo(
                        GrafanaProvisioning.yaml(GrafanaDashboard.ROOT.resolve("monitoring/prometheus/prometheus.yml"))
                                .path("global")
                                .path("scrape_interval")
                                .asText());
    }

    @Test
    void theDashboardProviderReadsTheFolderTheDashboardsAreMountedAt() throws Exception {
        JsonNode providers = GrafanaProvisioning.dashboardProviders().path("providers");

        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).path("type").asText()).isEqualTo("file");
        assertThat(providers.get(0).path("options").path("path").asText())
                .isEqualTo(GrafanaProvisioning.DASHBOARDS_MOUNT);
        // the compose file mounts the two folders (once it has a Grafana service): same paths on both sides
        Path compose = GrafanaDashboard.ROOT.resolve("docker-compose.yaml");
        if (Files.exists(compose)) {
            JsonNode grafana =
                    GrafanaProvisioning.yaml(compose).path("services").path("grafana");
            if (!grafana.isMissingNode()) {
                assertThat(mounts(grafana))
                        .contains(
                                "./monitoring/grafana/provisioning -> " + GrafanaProvisioning.PROVISIONING_MOUNT,
                                "./monitoring/grafana/dashboards -> " + GrafanaProvisioning.DASHBOARDS_MOUNT);
            }
        }
    }

    /** A compose service's volumes as "source -> target", from the short (src:dst[:mode]) or the long syntax. */
    private static List<String> mounts(JsonNode service) {
        List<String> mounts = new ArrayList<>();
        for (JsonNode volume : service.path("volumes")) {
            String source;
            String target;
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                source = parts[0];
                target = parts.length > 1 ? parts[1] : "";
            } else {
                source = volume.path("source").asText();
                target = volume.path("target").asText();
            }
            String normalised = source.startsWith("./") ? source : "./" + source;
            mounts.add(normalised.replaceAll("/+$", "") + " -> " + target.replaceAll("/+$", ""));
        }
        return mounts;
    }

    private static List<String> problems(java.util.function.Function<GrafanaDashboard, List<String>> check) {
        return DASHBOARDS.stream().flatMap(d -> check.apply(d).stream()).toList();
    }
}

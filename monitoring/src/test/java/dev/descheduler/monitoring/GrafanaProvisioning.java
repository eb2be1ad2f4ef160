package dev.descheduler.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * monitoring/grafana/provisioning as Grafana reads it at start: the datasource every panel names, and where the
 * dashboard provider finds the dashboards inside the container.
 */
final class GrafanaProvisioning {

    /** Where Docker Compose mounts monitoring/grafana/provisioning and monitoring/grafana/dashboards. */
    static final String PROVISIONING_MOUNT = "/etc/grafana/provisioning";

    static final String DASHBOARDS_MOUNT = "/var/lib/grafana/dashboards";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private GrafanaProvisioning() {}

    static JsonNode datasources() {
        return yaml(GrafanaDashboard.PROVISIONING.resolve("datasources/prometheus.yml"));
    }

    static JsonNode dashboardProviders() {
        return yaml(GrafanaDashboard.PROVISIONING.resolve("dashboards/dashboards.yml"));
    }

    /** The uid of the one Prometheus datasource provisioned. */
    static String datasourceUid() {
        List<String> uids = new ArrayList<>();
        for (JsonNode datasource : datasources().path("datasources")) {
            if ("prometheus".equals(datasource.path("type").asText())) {
                uids.add(datasource.path("uid").asText());
            }
        }
        if (uids.size() != 1) {
            throw new IllegalStateException("expected one Prometheus datasource in the provisioning, found " + uids);
        }
        return uids.get(0);
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

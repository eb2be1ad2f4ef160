package dev.descheduler.bronze;

import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the Bronze job reads, where it keeps its place, and how often it commits.
 *
 * @param checkpointLocation root of the job's checkpoints; each sink has a sub-folder named after its table
 * @param maxOffsetsPerTrigger Kafka messages (batches of up to 1000 events) per micro-batch, across partitions
 * @param availableNow {@code --available-now}: process what is in the topic now, commit, and exit
 * @param metrics where the continuous stream serves its {@code /metrics} (an available-now run pushes instead)
 */
record BronzeSettings(
        LakehouseSettings lakehouse,
        String kafkaBootstrapServers,
        String kafkaTopic,
        String startingOffsets,
        boolean failOnDataLoss,
        int maxOffsetsPerTrigger,
        String checkpointLocation,
        Duration triggerInterval,
        boolean availableNow,
        MetricsEndpoint metrics) {

    static final String AVAILABLE_NOW_FLAG = "--available-now";
    static final String USAGE = "usage: bronze-streaming-job [" + AVAILABLE_NOW_FLAG + "]";
    static final int DEFAULT_METRICS_PORT = 9102;

    /**
     * The continuous stream's Prometheus endpoint.
     *
     * @param bindHost the address it listens on: loopback unless the scraper runs elsewhere (a container)
     * @param port its port; 0 takes a free one, which {@code portFile} then names
     * @param portFile where the port in use is written once the endpoint serves (what scripts/monitoring.sh reads to
     *     tell Prometheus where to scrape), if anywhere
     */
    record MetricsEndpoint(String bindHost, int port, Optional<Path> portFile) {
        MetricsEndpoint {
            if (bindHost.isBlank()) {
                throw new IllegalArgumentException("BRONZE_METRICS_BIND_HOST must not be blank");
            }
            if (port < 0 || port > 65_535) {
                throw Environment.invalid(
                        "BRONZE_METRICS_PORT", Integer.toString(port), "a port from 0 to 65535 (0: any free port)");
            }
        }

        static MetricsEndpoint from(Environment env) {
            String port = env.string("BRONZE_METRICS_PORT", Integer.toString(DEFAULT_METRICS_PORT));
            int parsed;
            try {
                parsed = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw Environment.invalid("BRONZE_METRICS_PORT", port, "a port from 0 to 65535 (0: any free port)");
            }
            String portFile = env.string("BRONZE_METRICS_PORT_FILE", "");
            return new MetricsEndpoint(
                    env.string("BRONZE_METRICS_BIND_HOST", "127.0.0.1"),
                    parsed,
                    portFile.isEmpty() ? Optional.empty() : Optional.of(Path.of(portFile)));
        }
    }

    BronzeSettings {
        String warehouse = withoutScheme(lakehouse.warehouse());
        if (withoutScheme(checkpointLocation).startsWith(warehouse + "/")
                || withoutScheme(checkpointLocation).equals(warehouse)) {
            throw new IllegalArgumentException("BRONZE_CHECKPOINT_LOCATION must be outside the table warehouse "
                    + lakehouse.warehouse() + " (orphan-file cleanup would delete checkpoint files), was '"
                    + checkpointLocation + "'");
        }
    }

    static BronzeSettings from(Environment env, List<String> args) {
        boolean availableNow = false;
        for (String arg : args) {
            if (AVAILABLE_NOW_FLAG.equals(arg)) {
                availableNow = true;
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; " + USAGE);
            }
        }
        LakehouseSettings lakehouse = LakehouseSettings.from(env);
        String startingOffsets = env.string("BRONZE_STARTING_OFFSETS", "earliest");
        if (!List.of("earliest", "latest").contains(startingOffsets)) {
            throw Environment.invalid("BRONZE_STARTING_OFFSETS", startingOffsets, "earliest or latest");
        }
        return new BronzeSettings(
                lakehouse,
                env.string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
                env.string("KAFKA_TOPIC", "github_events_avro"),
                startingOffsets,
                env.bool("BRONZE_FAIL_ON_DATA_LOSS", true),
                env.positiveInt("BRONZE_MAX_OFFSETS_PER_TRIGGER", 500),
                env.prefixed(
                        "BRONZE_CHECKPOINT_LOCATION",
                        lakehouse.checkpointRoot() + "/bronze",
                        "s3a://",
                        "file:/",
                        "hdfs://"),
                env.duration("BRONZE_TRIGGER_INTERVAL", Duration.ofSeconds(10)),
                availableNow,
                MetricsEndpoint.from(env));
    }

    String checkpointFor(String tableName) {
        return checkpointLocation.replaceAll("/+$", "") + "/" + tableName;
    }

    private static String withoutScheme(String location) {
        return location.replaceFirst("^[a-z0-9]+://", "").replaceAll("/+$", "");
    }
}

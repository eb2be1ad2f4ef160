package dev.descheduler.bronze;

import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSettings;
import java.time.Duration;
import java.util.List;

/**
 * What the Bronze job reads, where it keeps its place, and how often it commits.
 *
 * @param checkpointLocation root of the job's checkpoints; each sink has a sub-folder named after its table
 * @param maxOffsetsPerTrigger Kafka messages (batches of up to 1000 events) per micro-batch, across partitions
 * @param availableNow {@code --available-now}: process what is in the topic now, commit, and exit
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
        boolean availableNow) {

    static final String AVAILABLE_NOW_FLAG = "--available-now";
    static final String USAGE = "usage: bronze-streaming-job [" + AVAILABLE_NOW_FLAG + "]";

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
                availableNow);
    }

    String checkpointFor(String tableName) {
        return checkpointLocation.replaceAll("/+$", "") + "/" + tableName;
    }

    private static String withoutScheme(String location) {
        return location.replaceFirst("^[a-z0-9]+://", "").replaceAll("/+$", "");
    }
}

package dev.descheduler.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descheduler.lakehouse.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BronzeSettingsTest {

    @Test
    void defaultsRunContinuouslyFromTheStartOfTheTopic() {
        BronzeSettings s = BronzeSettings.from(Environment.of(Map.of()), List.of());

        assertThat(s.kafkaBootstrapServers()).isEqualTo("localhost:9092");
        assertThat(s.kafkaTopic()).isEqualTo("github_events_avro");
        assertThat(s.startingOffsets()).isEqualTo("earliest");
        assertThat(s.failOnDataLoss()).isTrue();
        assertThat(s.maxOffsetsPerTrigger()).isEqualTo(500);
        assertThat(s.checkpointLocation()).isEqualTo("s3a://warehouse/checkpoints/bronze");
        assertThat(s.triggerInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.availableNow()).isFalse();
        assertThat(s.lakehouse().catalog()).isEqualTo("lakehouse");
        assertThat(s.checkpointFor("github_events")).isEqualTo("s3a://warehouse/checkpoints/bronze/github_events");
    }

    @Test
    void readsEveryKeyAndTheAvailableNowFlag() {
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
                "KAFKA_TOPIC", "events",
                "BRONZE_STARTING_OFFSETS", "latest",
                "BRONZE_FAIL_ON_DATA_LOSS", "false",
                "BRONZE_MAX_OFFSETS_PER_TRIGGER", "20",
                "BRONZE_CHECKPOINT_LOCATION", "s3a://other/cp/",
                "BRONZE_TRIGGER_INTERVAL", "500ms",
                "MINIO_BUCKET", "lake");

        BronzeSettings s = BronzeSettings.from(Environment.of(env), List.of("--available-now"));

        assertThat(s.kafkaBootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(s.kafkaTopic()).isEqualTo("events");
        assertThat(s.startingOffsets()).isEqualTo("latest");
        assertThat(s.failOnDataLoss()).isFalse();
        assertThat(s.maxOffsetsPerTrigger()).isEqualTo(20);
        assertThat(s.checkpointLocation()).isEqualTo("s3a://other/cp/");
        assertThat(s.checkpointFor("github_events_quarantine")).isEqualTo("s3a://other/cp/github_events_quarantine");
        assertThat(s.triggerInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.availableNow()).isTrue();
        assertThat(s.lakehouse().bucket()).isEqualTo("lake");
    }

    @Test
    void followsTheBucketForTheDefaultCheckpoint() {
        BronzeSettings s = BronzeSettings.from(Environment.of(Map.of("MINIO_BUCKET", "lake")), List.of());

        assertThat(s.checkpointLocation()).isEqualTo("s3a://lake/checkpoints/bronze");
    }

    @Test
    void refusesACheckpointInsideTheTableWarehouse() {
        Environment env = Environment.of(Map.of("BRONZE_CHECKPOINT_LOCATION", "s3a://warehouse/lakehouse/cp"));

        assertThatThrownBy(() -> BronzeSettings.from(env, List.of()))
                .hasMessageStartingWith(
                        "BRONZE_CHECKPOINT_LOCATION must be outside the table warehouse" + " s3://warehouse/lakehouse");
    }

    @Test
    void refusesACheckpointThatHadoopCannotWrite() {
        Environment env = Environment.of(Map.of("BRONZE_CHECKPOINT_LOCATION", "s3://warehouse/checkpoints"));

        assertThatThrownBy(() -> BronzeSettings.from(env, List.of()))
                .hasMessage("BRONZE_CHECKPOINT_LOCATION must be a value starting with s3a:// or file:/ or hdfs://,"
                        + " was 's3://warehouse/checkpoints'");
    }

    @Test
    void rejectsUnknownArgumentsAndBadValues() {
        assertThatThrownBy(() -> BronzeSettings.from(Environment.of(Map.of()), List.of("--once")))
                .hasMessage("unknown argument '--once'; usage: bronze-streaming-job [--available-now]");
        assertThatThrownBy(() ->
                        BronzeSettings.from(Environment.of(Map.of("BRONZE_STARTING_OFFSETS", "oldest")), List.of()))
                .hasMessage("BRONZE_STARTING_OFFSETS must be earliest or latest, was 'oldest'");
        assertThatThrownBy(() ->
                        BronzeSettings.from(Environment.of(Map.of("BRONZE_MAX_OFFSETS_PER_TRIGGER", "-1")), List.of()))
                .hasMessage("BRONZE_MAX_OFFSETS_PER_TRIGGER must be a positive integer, was '-1'");
        assertThatThrownBy(
                        () -> BronzeSettings.from(Environment.of(Map.of("BRONZE_TRIGGER_INTERVAL", "soon")), List.of()))
                .hasMessageStartingWith("BRONZE_TRIGGER_INTERVAL must be a positive duration");
    }

    @Test
    void servesMetricsOnLoopbackPort9102UnlessToldOtherwise() {
        BronzeSettings.MetricsEndpoint defaults =
                BronzeSettings.from(Environment.of(Map.of()), List.of()).metrics();
        BronzeSettings.MetricsEndpoint set = BronzeSettings.from(
                        Environment.of(Map.of(
                                "BRONZE_METRICS_PORT", "0",
                                "BRONZE_METRICS_BIND_HOST", "0.0.0.0",
                                "BRONZE_METRICS_PORT_FILE", "/run/bronze-stream.metrics-port")),
                        List.of())
                .metrics();

        assertThat(defaults).isEqualTo(new BronzeSettings.MetricsEndpoint("127.0.0.1", 9102, Optional.empty()));
        assertThat(set)
                .isEqualTo(new BronzeSettings.MetricsEndpoint(
                        "0.0.0.0", 0, Optional.of(Path.of("/run/bronze-stream.metrics-port"))));
    }

    @Test
    void refusesAMetricsPortOutsideTheRange() {
        assertThatThrownBy(() -> BronzeSettings.from(Environment.of(Map.of("BRONZE_METRICS_PORT", "65536")), List.of()))
                .hasMessage("BRONZE_METRICS_PORT must be a port from 0 to 65535 (0: any free port), was '65536'");
        assertThatThrownBy(() -> BronzeSettings.from(Environment.of(Map.of("BRONZE_METRICS_PORT", "http")), List.of()))
                .hasMessage("BRONZE_METRICS_PORT must be a port from 0 to 65535 (0: any free port), was 'http'");
    }
}

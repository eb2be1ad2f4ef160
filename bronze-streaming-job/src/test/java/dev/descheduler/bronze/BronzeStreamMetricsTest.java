package dev.descheduler.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descheduler.bronze.TriggerProgress.KafkaPartition;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Progress events of the shape Spark 3.5 gives for the stream's two queries, turned into the scraped page. */
class BronzeStreamMetricsTest {

    private static final String TOPIC = "github_events_avro";

    private final PrometheusRegistry registry = new PrometheusRegistry();

    @Test
    void readsTheTriggerTheOffsetsAndTheCommittedRowsFromAProgressEvent() {
        TriggerProgress progress = TriggerProgress.fromJson(resource("events-trigger.json"));

        assertThat(progress.queryName()).isEqualTo("bronze_github_events");
        assertThat(progress.triggerDuration()).isEqualTo(Duration.ofMillis(2_500));
        assertThat(progress.finishedAt()).isEqualTo(Instant.parse("2026-12-03T23:58:03.750Z"));
        assertThat(progress.messagesRead()).isEqualTo(3);
        assertThat(progress.rowsCommitted()).contains(1_500L);
        assertThat(progress.committedOffsets()).isEqualTo(Map.of(partition(0), 6L, partition(1), 4L, partition(2), 5L));
        assertThat(progress.latestOffsets()).isEqualTo(Map.of(partition(0), 6L, partition(1), 4L, partition(2), 7L));
    }

    @Test
    void readsOffsetsGivenAsJsonTextAndASinkThatReportsNoRows() {
        String json = "{\"name\":\"bronze_github_events\",\"timestamp\":\"2026-12-03T23:58:01.250Z\","
                + "\"numInputRows\":0,\"durationMs\":{\"triggerExecution\":10},"
                + "\"sources\":[{\"endOffset\":\"{\\\"t\\\":{\\\"0\\\":3}}\",\"latestOffset\":null}],"
                + "\"sink\":{\"numOutputRows\":-1}}";

        TriggerProgress progress = TriggerProgress.fromJson(json);

        assertThat(progress.committedOffsets()).isEqualTo(Map.of(new KafkaPartition("t", 0), 3L));
        assertThat(progress.latestOffsets()).isEmpty();
        assertThat(progress.rowsCommitted()).isEmpty();
    }

    @Test
    void refusesWhatIsNotAProgressEvent() {
        assertThatThrownBy(() -> TriggerProgress.fromJson("{\"timestamp\":\"2026-12-03T23:58:01.250Z\"}"))
                .hasMessageContaining("'name'");
        assertThatThrownBy(() -> TriggerProgress.fromJson("not json")).hasMessageStartingWith("not a streaming");
    }

    @Test
    void beforeAnyTriggerExposesZeroCountersTheIntervalAndNoCommitTime() {
        new BronzeStreamMetrics(registry, Duration.ofSeconds(10), BronzeStreamMetrics.LatestOffsets.UNKNOWN);

        MetricsPage page = scrape();

        assertThat(page.valueOf("bronze_stream_triggers_total")).isZero();
        assertThat(page.valueOf("bronze_stream_messages_total")).isZero();
        assertThat(page.valueOf("bronze_stream_rows_written_total{sink=\"events\"}"))
                .isZero();
        assertThat(page.valueOf("bronze_stream_rows_written_total{sink=\"quarantine\"}"))
                .isZero();
        assertThat(page.valueOf("bronze_stream_quarantined_messages_total")).isZero();
        assertThat(page.valueOf("bronze_stream_trigger_interval_seconds")).isEqualTo(10.0);
        assertThat(page.hasFamily("bronze_stream_last_commit_timestamp_seconds"))
                .as("a commit time of 0 would read as a commit in 1970")
                .isFalse();
        assertThat(page.hasFamily("bronze_stream_kafka_lag_messages")).isFalse();
    }

    @Test
    void countsTheEventsQueryAsTheStreamAndEachSinksRowsAndCommits() {
        BronzeStreamMetrics metrics =
                new BronzeStreamMetrics(registry, Duration.ofMillis(500), BronzeStreamMetrics.LatestOffsets.UNKNOWN);

        metrics.record(TriggerProgress.fromJson(resource("events-trigger.json")));
        metrics.record(TriggerProgress.fromJson(resource("quarantine-trigger.json")));
        metrics.record(TriggerProgress.fromJson(resource("events-trigger.json")));
        MetricsPage page = scrape();

        // the quarantine query reads the same 3 messages: they are counted once, with the events query's triggers
        assertThat(page.valueOf("bronze_stream_triggers_total")).isEqualTo(2.0);
        assertThat(page.valueOf("bronze_stream_messages_total")).isEqualTo(6.0);
        assertThat(page.valueOf("bronze_stream_rows_written_total{sink=\"events\"}"))
                .isEqualTo(3_000.0);
        assertThat(page.valueOf("bronze_stream_rows_written_total{sink=\"quarantine\"}"))
                .isEqualTo(1.0);
        assertThat(page.valueOf("bronze_stream_quarantined_messages_total")).isEqualTo(1.0);
        assertThat(page.valueOf("bronze_stream_last_trigger_messages")).isEqualTo(3.0);
        assertThat(page.valueOf("bronze_stream_last_trigger_rows")).isEqualTo(1_500.0);
        assertThat(page.valueOf("bronze_stream_trigger_interval_seconds")).isEqualTo(0.5);
        assertThat(page.valueOf("bronze_stream_trigger_duration_seconds_count")).isEqualTo(2.0);
        assertThat(page.valueOf("bronze_stream_trigger_duration_seconds_sum")).isEqualTo(5.0);
        assertThat(page.valueOf("bronze_stream_trigger_duration_seconds_bucket{le=\"2.0\"}"))
                .isZero();
        assertThat(page.valueOf("bronze_stream_trigger_duration_seconds_bucket{le=\"5.0\"}"))
                .isEqualTo(2.0);
        assertThat(page.valueOf("bronze_stream_last_commit_timestamp_seconds{sink=\"events\"}"))
                .isEqualTo(Instant.parse("2026-12-03T23:58:03.750Z").toEpochMilli() / 1000.0);
        assertThat(page.valueOf("bronze_stream_last_commit_timestamp_seconds{sink=\"quarantine\"}"))
                .isEqualTo(Instant.parse("2026-12-03T23:58:03.050Z").toEpochMilli() / 1000.0);
    }

    @Test
    void lagIsTheNewestOffsetSeenMinusWhatBothSinksCommitted() {
        BronzeStreamMetrics metrics =
                new BronzeStreamMetrics(registry, Duration.ofSeconds(10), BronzeStreamMetrics.LatestOffsets.UNKNOWN);

        metrics.record(TriggerProgress.fromJson(resource("events-trigger.json")));
        MetricsPage eventsOnly = scrape();
        metrics.record(TriggerProgress.fromJson(resource("quarantine-trigger.json")));
        MetricsPage both = scrape();

        assertThat(eventsOnly.valueOf(lag(2))).isEqualTo(2.0);
        assertThat(eventsOnly.valueOf(lag(0))).isZero();
        // the quarantine sink is one message behind on partition 2: until it commits it, the stream is behind
        assertThat(both.valueOf(lag(2))).isEqualTo(3.0);
        assertThat(both.valueOf(lag(1))).isZero();
        assertThat(both.valueOf(lag(0))).isZero();
    }

    @Test
    void lagFollowsKafkasNewestOffsetsAsOfTheScrapeAndFallsBackWhenKafkaDoesNotAnswer() {
        Map<KafkaPartition, Long> inKafka = new java.util.concurrent.ConcurrentHashMap<>();
        BronzeStreamMetrics metrics = new BronzeStreamMetrics(registry, Duration.ofSeconds(10), partitions -> {
            if (inKafka.isEmpty()) {
                throw new IllegalStateException("Kafka did not answer");
            }
            return Map.copyOf(inKafka);
        });
        metrics.record(TriggerProgress.fromJson(resource("events-trigger.json")));
        metrics.record(TriggerProgress.fromJson(resource("quarantine-trigger.json")));

        MetricsPage kafkaDown = scrape();
        inKafka.putAll(Map.of(partition(0), 16L, partition(1), 4L, partition(2), 7L));
        MetricsPage stuckWhileTenMoreArrived = scrape();

        assertThat(kafkaDown.valueOf(lag(2))).isEqualTo(3.0);
        assertThat(stuckWhileTenMoreArrived.valueOf(lag(0))).isEqualTo(10.0);
        assertThat(stuckWhileTenMoreArrived.valueOf(lag(2))).isEqualTo(3.0);
    }

    @Test
    void leavesOutTheProgressOfAQueryThatIsNotBronzes() {
        BronzeStreamMetrics metrics =
                new BronzeStreamMetrics(registry, Duration.ofSeconds(10), BronzeStreamMetrics.LatestOffsets.UNKNOWN);

        metrics.record(new TriggerProgress(
                "someone_elses_query", Instant.now(), Duration.ofSeconds(1), 5, Optional.of(7L), Map.of(), Map.of()));

        assertThat(scrape().valueOf("bronze_stream_messages_total")).isZero();
    }

    private static String lag(int partition) {
        return "bronze_stream_kafka_lag_messages{topic=\"" + TOPIC + "\",partition=\"" + partition + "\"}";
    }

    private static KafkaPartition partition(int partition) {
        return new KafkaPartition(TOPIC, partition);
    }

    private MetricsPage scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return MetricsPage.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static String resource(String name) {
        try (var in = BronzeStreamMetricsTest.class.getResourceAsStream("/progress/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

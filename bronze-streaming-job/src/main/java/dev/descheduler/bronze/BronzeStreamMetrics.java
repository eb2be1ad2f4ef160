package dev.descheduler.bronze;

import dev.descheduler.bronze.TriggerProgress.KafkaPartition;
import dev.descheduler.lakehouse.table.BronzeTables;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BinaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running Bronze stream's figures, as Prometheus scrapes them from its {@code /metrics}: each progress event of its
 * two queries (events, quarantine) turned into counters and gauges. The stream-wide figures (triggers, messages,
 * trigger time, last trigger) are the events query's: the quarantine query reads the same messages at the same
 * offsets beside it, and counting both would count every message twice. Rows, commits and offsets are per sink.
 *
 * <p>Kafka lag per partition is the newest offset in the topic minus the offset both sinks have committed up to (the
 * smaller of the two). The newest offset is looked up when Prometheus scrapes ({@link LatestOffsets}), so lag grows
 * while the stream is stuck and reports nothing new; when that lookup fails, the newest offset the last trigger saw
 * stands in.
 */
final class BronzeStreamMetrics {

    static final String EVENTS_SINK = "events";
    static final String QUARANTINE_SINK = "quarantine";

    /** The newest offset of each partition in Kafka now; empty when it cannot be known. */
    @FunctionalInterface
    interface LatestOffsets {
        Map<KafkaPartition, Long> of(Set<KafkaPartition> partitions);

        LatestOffsets UNKNOWN = partitions -> Map.of();
    }

    private static final Logger LOG = LoggerFactory.getLogger(BronzeStreamMetrics.class);
    // Bronze's triggers take from under a second (a few messages) to minutes (a backlog at 500 messages a trigger)
    private static final double[] TRIGGER_SECONDS = {0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600};

    private final Map<String, String> sinkByQuery;
    private final LatestOffsets latestOffsets;
    private final Map<String, Map<KafkaPartition, Long>> committedBySink = new ConcurrentHashMap<>();
    private final Map<String, Map<KafkaPartition, Long>> latestSeenBySink = new ConcurrentHashMap<>();

    private final Counter triggers;
    private final Counter messages;
    private final Counter rowsWritten;
    private final Counter quarantinedMessages;
    private final Histogram triggerDuration;
    private final Gauge lastTriggerMessages;
    private final Gauge lastTriggerRows;
    private final Gauge lastCommit;

    BronzeStreamMetrics(PrometheusRegistry registry, Duration triggerInterval, LatestOffsets latestOffsets) {
        this.sinkByQuery = Map.of(
                BronzeStreamWriter.queryName(BronzeTables.EVENTS), EVENTS_SINK,
                BronzeStreamWriter.queryName(BronzeTables.QUARANTINE), QUARANTINE_SINK);
        this.latestOffsets = latestOffsets;
        triggers = Counter.builder()
                .name("bronze_stream_triggers_total")
                .help("Micro-batches the Bronze stream completed (committed)")
                .register(registry);
        messages = Counter.builder()
                .name("bronze_stream_messages_total")
                .help("Kafka messages (Avro batches of events) the Bronze stream read")
                .register(registry);
        rowsWritten = Counter.builder()
                .name("bronze_stream_rows_written_total")
                .help("Rows committed per sink: events to bronze.github_events, messages to the quarantine")
                .labelNames("sink")
                .register(registry);
        rowsWritten.initLabelValues(EVENTS_SINK);
        rowsWritten.initLabelValues(QUARANTINE_SINK);
        quarantinedMessages = Counter.builder()
                .name("bronze_stream_quarantined_messages_total")
                .help("Kafka messages that could not be decoded, committed to bronze.github_events_quarantine")
                .register(registry);
        triggerDuration = Histogram.builder()
                .name("bronze_stream_trigger_duration_seconds")
                .help("Wall time of each micro-batch, from its start to its commit")
                .classicOnly()
                .classicUpperBounds(TRIGGER_SECONDS)
                .register(registry);
        lastTriggerMessages = Gauge.builder()
                .name("bronze_stream_last_trigger_messages")
                .help("Kafka messages the last micro-batch read")
                .register(registry);
        lastTriggerRows = Gauge.builder()
                .name("bronze_stream_last_trigger_rows")
                .help("Event rows the last micro-batch committed to bronze.github_events")
                .register(registry);
        // absent per sink until its first commit: a zero would read as a commit in 1970
        lastCommit = Gauge.builder()
                .name("bronze_stream_last_commit_timestamp_seconds")
                .help("Unix time of the last commit per sink")
                .labelNames("sink")
                .register(registry);
        GaugeWithCallback.builder()
                .name("bronze_stream_kafka_lag_messages")
                .help("Newest offset in Kafka minus the offset committed to the Bronze tables, per partition")
                .labelNames("topic", "partition")
                .callback(callback -> lag().forEach((partition, lag) ->
                        callback.call(lag, partition.topic(), Integer.toString(partition.partition()))))
                .register(registry);
        Gauge.builder()
                .name("bronze_stream_trigger_interval_seconds")
                .help("The processing-time trigger the stream runs with (BRONZE_TRIGGER_INTERVAL)")
                .register(registry)
                .set(triggerInterval.toMillis() / 1000.0);
    }

    /** One progress event of one of the stream's queries. */
    void record(TriggerProgress progress) {
        String sink = sinkByQuery.get(progress.queryName());
        if (sink == null) {
            LOG.warn("progress of an unknown query '{}' left out of the metrics", progress.queryName());
            return;
        }
        long rows = progress.rowsCommitted().orElse(0L);
        if (progress.rowsCommitted().isEmpty()) {
            LOG.warn("query {} reported no output rows; its rows are not counted", progress.queryName());
        }
        rowsWritten.labelValues(sink).inc(rows);
        lastCommit.labelValues(sink).set(progress.finishedAt().toEpochMilli() / 1000.0);
        committedBySink.put(sink, progress.committedOffsets());
        latestSeenBySink.put(sink, progress.latestOffsets());
        if (sink.equals(QUARANTINE_SINK)) {
            // each quarantine row is one whole Kafka message
            quarantinedMessages.inc(rows);
        } else {
            triggers.inc();
            messages.inc(progress.messagesRead());
            triggerDuration.observe(progress.triggerDuration().toMillis() / 1000.0);
            lastTriggerMessages.set(progress.messagesRead());
            lastTriggerRows.set(rows);
        }
    }

    /** Per partition either sink has committed: how many messages are in Kafka beyond what both committed. */
    Map<KafkaPartition, Long> lag() {
        Map<KafkaPartition, Long> committed = combine(committedBySink.values(), Math::min);
        if (committed.isEmpty()) {
            return Map.of();
        }
        Map<KafkaPartition, Long> latest = combine(latestSeenBySink.values(), Math::max);
        Map<KafkaPartition, Long> now;
        try {
            now = latestOffsets.of(committed.keySet());
        } catch (RuntimeException e) {
            LOG.warn("Kafka's newest offsets could not be read; lag from the last trigger's: {}", e.toString());
            now = Map.of();
        }
        now.forEach((partition, offset) -> latest.merge(partition, offset, Math::max));
        Map<KafkaPartition, Long> lag = new HashMap<>();
        committed.forEach((partition, offset) ->
                lag.put(partition, Math.max(0, latest.getOrDefault(partition, offset) - offset)));
        return lag;
    }

    private static Map<KafkaPartition, Long> combine(
            Collection<Map<KafkaPartition, Long>> maps, BinaryOperator<Long> how) {
        Map<KafkaPartition, Long> combined = new HashMap<>();
        for (Map<KafkaPartition, Long> map : List.copyOf(maps)) {
            map.forEach((partition, offset) -> combined.merge(partition, offset, how));
        }
        return combined;
    }
}

package dev.descheduler.bronze;

import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.InvalidEventException;
import dev.descheduler.events.JsonLimits;
import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The two halves of benchmarks/bronze.sh, run with the job's JVM flags and classpath plus the test classes.
 *
 * <ul>
 *   <li>{@code produce <data dir> <topic> <partitions>}: every event of the GH Archive files as the collector
 *       publishes them (Avro container files of 1000 events, batch id key and headers).
 *   <li>{@code measure <topic> <events> <runs>}: in one SparkSession, after one warm-up round that is not counted,
 *       {@code runs} rounds of (a) the no-op ceiling (the Bronze job's Kafka source and event decoding into Spark's
 *       {@code noop} sink), (b) the Bronze job available-now into a freshly created {@code bronze.github_events}
 *       (its whole {@code run}: writer lock, table check, both sinks, the report) and, as a diagnostic, (c) its events
 *       sink alone; fresh checkpoints each time.
 * </ul>
 */
final class BronzeBenchmark {

    private static final int EVENTS_PER_MESSAGE = 1000;

    private BronzeBenchmark() {}

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "produce" -> produce(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
            case "measure" -> measure(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]));
            default ->
                throw new IllegalArgumentException("usage: BronzeBenchmark produce <data dir> <topic>"
                        + " <partitions> | measure <topic> <events> <runs>");
        }
    }

    private static void produce(Path dataDir, String topic, int partitions) throws Exception {
        EventJsonDecoder decoder = new EventJsonDecoder(JsonLimits.defaults());
        String bootstrap = Environment.system().string("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        long events = 0;
        int messages = 0;
        try (BatchProducer producer = new BatchProducer(bootstrap, topic, partitions);
                Stream<Path> files = Files.list(dataDir)) {
            List<GitHubEvent> batch = new ArrayList<>(EVENTS_PER_MESSAGE);
            for (Path file : files.filter(p -> p.toString().endsWith(".ndjson.gz"))
                    .sorted()
                    .toList()) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (line.isBlank()) {
                            continue;
                        }
                        batch.add(decode(decoder, line));
                        if (batch.size() == EVENTS_PER_MESSAGE) {
                            producer.send(batch);
                            events += batch.size();
                            messages++;
                            batch = new ArrayList<>(EVENTS_PER_MESSAGE);
                        }
                    }
                }
            }
            if (!batch.isEmpty()) {
                producer.send(batch);
                events += batch.size();
                messages++;
            }
        }
        System.out.println("produced " + events + " events in " + messages + " messages to " + topic);
    }

    private static GitHubEvent decode(EventJsonDecoder decoder, String line) {
        byte[] json = line.getBytes(StandardCharsets.UTF_8);
        try {
            return decoder.decode(json, 0, json.length, UUID.randomUUID().toString(), Instant.now());
        } catch (InvalidEventException e) {
            throw new IllegalStateException("a GH Archive event was rejected: " + e.getMessage(), e);
        }
    }

    private static void measure(String topic, long events, int runs) throws Exception {
        Environment env = Environment.system();
        BronzeSettings base = BronzeSettings.from(env, List.of("--available-now"));
        SparkSession spark =
                LakehouseSession.create(base.lakehouse(), "bronze-benchmark", Map.of("spark.ui.enabled", "false"));
        String nonce = Long.toString(System.currentTimeMillis());
        QueryTimes times = new QueryTimes();
        spark.streams().addListener(times);
        try {
            for (int run = 0; run <= runs; run++) {
                String label = run == 0 ? "warm-up" : "run " + run;
                times.clear();
                double ceiling = ceiling(spark, checkpoint(base, nonce, "ceiling-" + run), events);
                double bronze = bronze(spark, checkpoint(base, nonce, "bronze-" + run), events);
                double eventsOnly = eventsSinkOnly(spark, checkpoint(base, nonce, "events-only-" + run), events);
                System.out.printf(
                        "RESULT %s ceiling_events_per_s=%.0f bronze_events_per_s=%.0f ratio=%.3f"
                                + " events_sink_only_events_per_s=%.0f loadavg=%s%n",
                        label, ceiling, bronze, bronze / ceiling, eventsOnly, loadAverage());
                System.out.println("DETAIL " + label + " " + times.summary());
            }
        } finally {
            spark.stop();
        }
        System.out.println("RESULT peak_rss_kb=" + peakRssKb());
    }

    /** The Bronze job's source and decoding into a sink that does nothing: what Bronze could reach at best. */
    private static double ceiling(SparkSession spark, BronzeSettings settings, long events) throws Exception {
        long start = System.nanoTime();
        StreamingQuery query = BronzeTransforms.events(
                        BronzeStreamWriter.kafka(spark, settings), GitHubEvent.getClassSchema())
                .writeStream()
                .format("noop")
                .trigger(Trigger.AvailableNow())
                .option("checkpointLocation", settings.checkpointFor("noop"))
                .start();
        query.awaitTermination();
        double seconds = (System.nanoTime() - start) / 1e9;
        long messages = 0;
        for (StreamingQueryProgress progress : query.recentProgress()) {
            messages += progress.numInputRows();
        }
        long expectedMessages = (events + EVENTS_PER_MESSAGE - 1) / EVENTS_PER_MESSAGE;
        if (messages != expectedMessages) {
            throw new IllegalStateException("the ceiling read " + messages + " messages, expected " + expectedMessages);
        }
        return events / seconds;
    }

    private static double bronze(SparkSession spark, BronzeSettings settings, long events) throws Exception {
        for (String table : List.of(
                BronzeTables.EVENTS.identifier(settings.lakehouse()),
                BronzeTables.QUARANTINE.identifier(settings.lakehouse()))) {
            spark.sql("DROP TABLE IF EXISTS " + table + " PURGE");
        }
        new LakehouseCatalog(spark, settings.lakehouse()).ensure(BronzeTables.all());
        long start = System.nanoTime();
        BronzeRunReport report = BronzeStreamingJob.run(spark, settings);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (report.rowsWritten() != events) {
            throw new IllegalStateException("Bronze wrote " + report.rowsWritten() + " rows, expected " + events);
        }
        return events / seconds;
    }

    /** Milliseconds per query name and phase of Spark's progress reports (addBatch = decode, write and commit). */
    private static final class QueryTimes extends StreamingQueryListener {

        private final Map<String, Map<String, Long>> millis = new ConcurrentHashMap<>();

        void clear() {
            millis.clear();
        }

        String summary() {
            return new TreeMap<>(millis).toString();
        }

        @Override
        public void onQueryProgress(QueryProgressEvent event) {
            String name =
                    event.progress().name() == null ? "noop" : event.progress().name();
            Map<String, Long> phases = millis.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
            event.progress().durationMs().forEach((phase, ms) -> {
                if (phase.equals("triggerExecution") || phase.equals("addBatch")) {
                    phases.merge(phase, ms, Long::sum);
                }
            });
        }

        @Override
        public void onQueryStarted(QueryStartedEvent event) {}

        @Override
        public void onQueryTerminated(QueryTerminatedEvent event) {}
    }

    /**
     * Diagnostic, not a Bronze mode: the events sink alone (no quarantine query decoding every message a second time),
     * into a fresh table, to show what the second decode costs.
     */
    private static double eventsSinkOnly(SparkSession spark, BronzeSettings settings, long events) throws Exception {
        String table = BronzeTables.EVENTS.identifier(settings.lakehouse());
        spark.sql("DROP TABLE IF EXISTS " + table + " PURGE");
        new LakehouseCatalog(spark, settings.lakehouse()).ensure(BronzeTables.all());
        long start = System.nanoTime();
        StreamingQuery query = BronzeTransforms.events(
                        BronzeStreamWriter.kafka(spark, settings), GitHubEvent.getClassSchema())
                .writeStream()
                .format("iceberg")
                .outputMode("append")
                .trigger(Trigger.AvailableNow())
                .option("checkpointLocation", settings.checkpointFor("events-only"))
                .option("fanout-enabled", "true")
                .toTable(table);
        query.awaitTermination();
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = spark.sql("SELECT count(*) FROM " + table).first().getLong(0);
        if (rows != events) {
            throw new IllegalStateException("the events sink wrote " + rows + " rows, expected " + events);
        }
        return events / seconds;
    }

    private static BronzeSettings checkpoint(BronzeSettings base, String nonce, String name) {
        return new BronzeSettings(
                base.lakehouse(),
                base.kafkaBootstrapServers(),
                base.kafkaTopic(),
                base.startingOffsets(),
                base.failOnDataLoss(),
                base.maxOffsetsPerTrigger(),
                base.checkpointLocation().replaceAll("/+$", "") + "/bench-" + nonce + "/" + name,
                base.triggerInterval(),
                true,
                base.metrics());
    }

    private static String loadAverage() throws Exception {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + "/" + parts[1] + "/" + parts[2];
    }

    private static long peakRssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}

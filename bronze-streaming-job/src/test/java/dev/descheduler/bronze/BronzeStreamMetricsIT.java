package dev.descheduler.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.localstack.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The running Bronze stream's {@code /metrics}, scraped over HTTP while it lands real GH Archive events from real
 * Kafka into Iceberg (local stack: Kafka, S3, PostgreSQL), and held against what the tables hold. The stream runs in
 * a child JVM the way `make bronze-stream` runs it; the tests build on each other and run in order. At the end a real
 * Prometheus (Debian's) scrapes it with the repository's configuration and rules, and sees it go down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BronzeStreamMetricsIT {

    private static final String TOPIC = "github_events_avro";
    private static final String EVENTS = "lakehouse.bronze.github_events";
    private static final String QUARANTINE = "lakehouse.bronze.github_events_quarantine";
    private static final int PARTITIONS = 3;

    private static LocalStack stack;
    private static Path dataDir;
    private static SparkSession spark;
    private static BatchProducer producer;
    private static RealEvents events;
    private static BronzeJobProcess job;
    private static Path portFile;
    private static Instant started;
    private static TestPrometheus prometheus;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startStackAndStream() throws Exception {
        events = RealEvents.load(1_000);
        Files.createDirectories(Path.of("target"));
        dataDir = Files.createTempDirectory(Path.of("target"), "bronze-metrics-it-");
        stack = LocalStack.builder()
                .dataDir(dataDir.resolve("stack"))
                .ephemeralPorts()
                .postgresWithoutFsyncForTests()
                .build()
                .start();
        Map<String, String> env = new HashMap<>(stack.env());
        env.put("KAFKA_TOPIC", TOPIC);
        producer = new BatchProducer(stack.kafka().bootstrapServers(), TOPIC, PARTITIONS);
        // waiting before the stream starts: three batches of events and one message no decoder can read
        producer.send(events.take(200));
        producer.sendCorrupt("{\"not\":\"an avro container file\"}".getBytes(StandardCharsets.UTF_8));
        producer.send(events.take(200));
        producer.send(events.take(200));

        portFile = dataDir.resolve("run/bronze-stream.metrics-port");
        Map<String, String> streaming = new HashMap<>(env);
        streaming.put("BRONZE_TRIGGER_INTERVAL", "1s");
        // a backlog taken two messages a trigger: several triggers to count
        streaming.put("BRONZE_MAX_OFFSETS_PER_TRIGGER", "2");
        streaming.put("BRONZE_METRICS_PORT", "0");
        streaming.put("BRONZE_METRICS_PORT_FILE", portFile.toString());
        started = Instant.now();
        job = BronzeJobProcess.start(streaming, dataDir.resolve("bronze-stream.log"));

        LakehouseSettings lakehouse = LakehouseSettings.from(Environment.of(env));
        spark = LakehouseSession.create(lakehouse, "bronze-metrics-it", Map.of("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (job != null && job.isAlive()) {
            job.kill();
        }
        if (producer != null) {
            producer.close();
        }
        if (spark != null) {
            spark.stop();
        }
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    @Order(1)
    void writesThePortItServesMetricsOnAndServesTheTriggerIntervalAndJvmFigures() throws Exception {
        // generous: on the shared 2-core machine a Spark start alone has taken minutes
        await().atMost(Duration.ofMinutes(8))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the Bronze stream exited:\n" + job.logTail(), () -> !job.isAlive())
                .until(() -> Files.exists(portFile));

        MetricsPage page = scrape();

        assertThat(page.valueOf("bronze_stream_trigger_interval_seconds")).isEqualTo(1.0);
        assertThat(page.hasFamily("jvm_memory_used_bytes")).as(page.toString()).isTrue();
        assertThat(job.log()).contains("metrics on http://127.0.0.1:" + port() + "/metrics");
    }

    @Test
    @Order(2)
    void countsWhatTheTablesHoldOnceTheStreamCaughtUpAndItsLagIsZero() throws Exception {
        MetricsPage page = awaitCaughtUp(600, 4);

        assertThat(page.valueOf(rows("events"))).isEqualTo(count(EVENTS)).isEqualTo(600.0);
        assertThat(page.valueOf(rows("quarantine")))
                .isEqualTo(count(QUARANTINE))
                .isEqualTo(1.0);
        assertThat(page.valueOf("bronze_stream_quarantined_messages_total")).isEqualTo(1.0);
        // four messages at two a trigger
        double triggers = page.valueOf("bronze_stream_triggers_total");
        assertThat(triggers).isGreaterThanOrEqualTo(2.0);
        assertThat(page.valueOf("bronze_stream_trigger_duration_seconds_count")).isEqualTo(triggers);
        assertThat(page.valueOf("bronze_stream_trigger_duration_seconds_sum")).isPositive();
        assertThat(page.valueOf("bronze_stream_last_trigger_messages")).isBetween(1.0, 2.0);
        for (String sink : new String[] {"events", "quarantine"}) {
            assertThat(page.valueOf(lastCommit(sink)))
                    .as("last commit of %s", sink)
                    .isBetween(started.getEpochSecond() * 1.0, Instant.now().getEpochSecond() + 1.0);
        }
        for (int partition = 0; partition < PARTITIONS; partition++) {
            assertThat(page.valueOf(lag(partition)))
                    .as("lag of partition %d", partition)
                    .isZero();
        }
    }

    @Test
    @Order(3)
    void countsTheNextBatchesAsTheyLand() throws Exception {
        double triggersBefore = scrape().valueOf("bronze_stream_triggers_total");
        producer.send(events.take(150));
        producer.send(events.take(100));

        MetricsPage page = awaitCaughtUp(850, 6);

        assertThat(page.valueOf(rows("events"))).isEqualTo(count(EVENTS)).isEqualTo(850.0);
        assertThat(page.valueOf(rows("quarantine")))
                .isEqualTo(count(QUARANTINE))
                .isEqualTo(1.0);
        assertThat(page.valueOf("bronze_stream_triggers_total")).isGreaterThan(triggersBefore);
        assertThat(page.valueOf("bronze_stream_last_trigger_rows")).isIn(100.0, 150.0, 250.0);
    }

    @Test
    @Order(4)
    void exposesExactlyTheFamiliesTheMonitoringDocCatalogues() throws Exception {
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `(bronze_stream_[a-z_]+)` \\|")
                .matcher(Files.readString(Path.of("../docs/monitoring.md")));
        while (row.find()) {
            documented.add(row.group(1));
        }
        Set<String> exposed = new TreeSet<>();
        Matcher type = Pattern.compile("(?m)^# TYPE (bronze_stream_[a-z_]+) ").matcher(scrape().toString());
        while (type.find()) {
            exposed.add(type.group(1));
        }

        assertThat(documented).as("docs/monitoring.md's Bronze stream table").hasSize(10);
        assertThat(exposed).isEqualTo(documented);
    }

    @Test
    @Order(5)
    void prometheusScrapesTheStreamWithTheRepositorysConfigurationAndEvaluatesItsRules() throws Exception {
        prometheus = TestPrometheus.start(dataDir.resolve("prometheus"), port());

        JsonNode up = await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(
                        () -> prometheus.query("up{job=\"bronze-stream\"}"),
                        result -> result.size() == 1
                                && result.get(0).path("value").get(1).asText().equals("1"));
        assertThat(up.get(0).path("metric").path("instance").asText()).isEqualTo("127.0.0.1:" + port());
        JsonNode rows = await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> prometheus.query("bronze_stream_rows_written_total{sink=\"events\"}"), r -> r.size() == 1);
        assertThat(rows.get(0).path("value").get(1).asText()).isEqualTo("850");
        // every Bronze rule has been evaluated on the live series, and none failed
        java.util.List<JsonNode> rules = await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        prometheus::bronzeRules,
                        list -> list.size() == 6
                                && list.stream().allMatch(rule -> !rule.path("lastEvaluation")
                                        .asText()
                                        .startsWith("0001")));
        for (JsonNode rule : rules) {
            assertThat(rule.path("health").asText())
                    .as(
                            "rule %s: %s",
                            rule.path("name").asText(), rule.path("lastError").asText())
                    .isEqualTo("ok");
        }
        assertThat(prometheus
                        .query("bronze:kafka_lag_messages:sum")
                        .get(0)
                        .path("value")
                        .get(1)
                        .asText())
                .isEqualTo("0");
    }

    @Test
    @Order(6)
    void bronzeStreamDownFiresInPrometheusOnceTheStreamIsKilled() throws Exception {
        job.kill();

        JsonNode alert = await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> prometheus.alert("BronzeStreamDown"),
                        a -> a != null && a.path("state").asText().equals("firing"));
        assertThat(alert.path("labels").path("instance").asText()).isEqualTo("127.0.0.1:" + port());
        assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
    }

    /** Scrapes until the events sink counts {@code rows}, the stream {@code messages}, and no partition lags. */
    private static MetricsPage awaitCaughtUp(double rows, double messages) {
        return await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .failFast("the Bronze stream exited", () -> !job.isAlive())
                .until(
                        BronzeStreamMetricsIT::scrape,
                        page -> page.value(rows("events")).orElse(-1.0).equals(rows)
                                && page.value("bronze_stream_messages_total")
                                        .orElse(-1.0)
                                        .equals(messages)
                                && lagIsZero(page));
    }

    private static boolean lagIsZero(MetricsPage page) {
        for (int partition = 0; partition < PARTITIONS; partition++) {
            if (!page.value(lag(partition)).orElse(-1.0).equals(0.0)) {
                return false;
            }
        }
        return true;
    }

    private static MetricsPage scrape() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return MetricsPage.parse(response.body());
    }

    private static int port() throws Exception {
        return Integer.parseInt(Files.readString(portFile).trim());
    }

    private static String rows(String sink) {
        return "bronze_stream_rows_written_total{sink=\"" + sink + "\"}";
    }

    private static String lastCommit(String sink) {
        return "bronze_stream_last_commit_timestamp_seconds{sink=\"" + sink + "\"}";
    }

    private static String lag(int partition) {
        return "bronze_stream_kafka_lag_messages{topic=\"" + TOPIC + "\",partition=\"" + partition + "\"}";
    }

    private static double count(String table) {
        return spark.sql("SELECT count(*) FROM " + table).first().getLong(0);
    }
}

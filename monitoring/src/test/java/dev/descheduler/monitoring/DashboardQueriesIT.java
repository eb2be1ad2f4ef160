package dev.descheduler.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descheduler.events.GhArchiveSample;
import dev.descheduler.localstack.LocalStack;
import dev.descheduler.localstack.LocalStackExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboards against live data: the local stack, the collector process taking real GH Archive events, Bronze
 * (available-now), Silver and a maintenance run pushing to a real Pushgateway, the continuous Bronze stream serving its
 * /metrics, a real Prometheus scraping them with
 * the repository's configuration and rules. Every panel query of every dashboard, with Grafana's variables substituted
 * as Grafana would, returns data over the test's time range, except series on {@link #LEGITIMATELY_EMPTY}; every rule
 * evaluates without error; and Kafka stopped under load fires CollectorFallbackInUse, which resolves once it is back.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardQueriesIT {

    /** Series a panel may legitimately find empty in this test, each with the reason. */
    private static final Map<String, String> LEGITIMATELY_EMPTY = Map.of(
            "lakehouse_job_last_failure_timestamp_seconds",
            "no batch run fails in this test (LakehouseJobFailed's promtool test covers a failure)",
            "lakehouse_dbt_tests_",
            "dbt does not run in this test: Gold needs the SQL endpoint and dbt's virtual environment"
                    + " (DbtMetricsCommandIT pushes real run_results.json files to a real Pushgateway)",
            "airflow_",
            "Airflow does not run in this test: proven by airflow/tests/test_airflow_panels.py (a real scheduler,"
                    + " api-server and statsd_exporter, every Airflow panel query returning data)");

    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((?:(.*),)?\\s*(\\w+)\\s*\\)$");
    private static final String FALLBACK_ALERT = "CollectorFallbackInUse";
    private static final int EVENTS_PER_REQUEST = 500;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path work;
    private static LocalStack stack;
    private static TestPrometheus prometheus;
    private static ChildProcess collector;
    private static ChildProcess bronzeStream;
    private static final AtomicInteger SENT_UNDER_LOAD = new AtomicInteger();
    private static String collectorUrl;
    private static Map<String, String> jobEnv;
    private static Instant start;
    private static CompletableFuture<Void> silverAndMaintenance;

    @BeforeAll
    static void startThePipelineWithMonitoring(LocalStack localStack) throws Exception {
        stack = localStack;
        GhArchiveSample.require(Files.isDirectory(GhArchiveSample.folder()), "no GH Archive sample");
        Files.createDirectories(Path.of("target"));
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "dashboard-queries-");
        start = Instant.now();
        prometheus = TestPrometheus.start(work.resolve("prometheus"));

        int collectorPort = ChildProcess.freePort();
        Map<String, String> env = new HashMap<>(stack.env());
        env.put("COLLECTOR_PORT", Integer.toString(collectorPort));
        env.put("COLLECTOR_DATA_DIR", work.resolve("collector").toString());
        env.put("KAFKA_FALLBACK_DIR", work.resolve("collector/fallback").toString());
        env.put("BATCH_MAX_TIME_S", "1");
        // Kafka down is noticed within seconds (one retry, 2 s timeouts) and Kafka back within a second
        env.put("KAFKA_RETRY_MAX", "1");
        env.put("KAFKA_RETRY_BACKOFF_BASE_S", "0.1");
        env.put("KAFKA_REQUEST_TIMEOUT_S", "2");
        env.put("KAFKA_PROBE_INTERVAL_S", "1");
        collectorUrl = "http://127.0.0.1:" + collectorPort;
        collector = ChildProcess.start(
                "collector",
                work.resolve("collector.log"),
                env,
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-jar",
                        GrafanaDashboard.ROOT
                                .resolve("collector-service/target/collector-service.jar")
                                .toString()));
        prometheus.target("collector", "127.0.0.1:" + collectorPort);
        await("collector ready")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    assertThat(collector.isAlive()).as(collector.logTail()).isTrue();
                    return status(collectorUrl + "/health/readiness") == 200;
                });

        // the jobs as scripts/job.sh runs them after `make up`: pushing to the Pushgateway
        jobEnv = new HashMap<>(stack.env());
        jobEnv.put("DATA_DIR", work.resolve("jobs").toString());
        jobEnv.put("PUSHGATEWAY_URL", prometheus.pushgatewayUrl());
        jobEnv.put("SPARK_DRIVER_MEMORY", "1g");

        int accepted = inject(GhArchiveSample.hour(0));
        refuseTwoBadEvents();
        await("every acknowledged event handed to Kafka")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    String health = body(collectorUrl + "/health");
                    return health.contains("\"queue_size\":0") && health.contains("\"pending_events\":0");
                });
        String bronze =
                sparkJob("bronze-streaming-job", "dev.descheduler.bronze.BronzeStreamingJob", "--available-now");
        assertThat(bronze).contains("wrote " + accepted + " rows");
        // Silver and maintenance need no Kafka: they run while the alert test stops it
        silverAndMaintenance = CompletableFuture.runAsync(() -> {
            try {
                sparkJob("silver-batch-job", "dev.descheduler.silver.SilverBatchJob");
                sparkJob("maintenance-jobs", "dev.descheduler.maintenance.MaintenanceJob", "--preset=bronze-daily");
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (silverAndMaintenance != null) {
            try {
                silverAndMaintenance.get(10, TimeUnit.MINUTES);
            } catch (Exception e) {
                // reported by the test that waits for it
            }
        }
        if (bronzeStream != null) {
            bronzeStream.close();
        }
        if (collector != null) {
            collector.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    @Order(1)
    void theFallbackAlertFiresWhileKafkaIsDownUnderLoadAndResolvesWhenKafkaIsBack() throws Exception {
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger sent = SENT_UNDER_LOAD;
        List<String> events = GhArchiveSample.hour(1);
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            int from = 0;
            while (loading.get()) {
                List<String> slice = events.subList(from, Math.min(from + 200, events.size()));
                from = (from + 200) % events.size();
                try {
                    sent.addAndGet(post(slice));
                    Thread.sleep(300);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }
        });
        Set<String> statesSeen = new LinkedHashSet<>();
        try {
            await("the load reaches the collector")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> sent.get() > 0);
            assertThat(alertStates()).as("before Kafka stops").isEmpty();

            stack.kafka().stop();
            Instant stopped = Instant.now();

            await(FALLBACK_ALERT + " firing")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        statesSeen.addAll(alertStates());
                        return statesSeen.contains("firing");
                    });
            Duration toFire = Duration.between(stopped, Instant.now());
            JsonNode landingZone = prometheus
                    .api()
                    .query("sum by (target) (kafka_fallback_batches_total)", Instant.now())
                    .path("result");
            stack.kafka().start();
            Instant restarted = Instant.now();

            await(FALLBACK_ALERT + " resolved")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> alertStates().isEmpty());
            System.out.printf(
                    "%s: firing %d s after Kafka stopped (states seen %s; fallback batches %s), resolved %d s after"
                            + " Kafka restarted, %d events sent under load so far%n",
                    FALLBACK_ALERT,
                    toFire.toSeconds(),
                    statesSeen,
                    landingZone,
                    Duration.between(restarted, Instant.now()).toSeconds(),
                    sent.get());
        } finally {
            loading.set(false);
        }
        load.get(60, TimeUnit.SECONDS);
        // what the collector took while Kafka was down is replayed into Kafka: nothing waits in the fallback
        await("the fallback replayed")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    String health = body(collectorUrl + "/health");
                    return health.contains("\"queue_size\":0") && health.contains("\"pending_events\":0");
                });
    }

    @Test
    @Order(2)
    void theBronzeStreamLandsWhatArrivedWhileKafkaWasDownAndPrometheusScrapesItsMetrics() throws Exception {
        // the continuous stream, as `make bronze-stream` runs it, resuming from the available-now run's checkpoint
        Path portFile = work.resolve("bronze-stream.metrics-port");
        Map<String, String> env = new HashMap<>(jobEnv);
        env.put("BRONZE_TRIGGER_INTERVAL", "2s");
        env.put("BRONZE_METRICS_PORT", "0");
        env.put("BRONZE_METRICS_PORT_FILE", portFile.toString());
        bronzeStream = ChildProcess.start(
                "bronze-stream",
                work.resolve("bronze-stream.log"),
                env,
                List.of("scripts/spark-job.sh", "bronze-streaming-job", "dev.descheduler.bronze.BronzeStreamingJob"));
        await("the stream's metrics port")
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    assertThat(bronzeStream.isAlive())
                            .as(bronzeStream.logTail())
                            .isTrue();
                    return Files.exists(portFile);
                });
        prometheus.target(
                "bronze-stream", "127.0.0.1:" + Files.readString(portFile).strip());

        // what the collector took under load, through the fallback and after, is all the stream had to land
        await("the stream caught up with Kafka, as Prometheus sees it")
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    assertThat(bronzeStream.isAlive())
                            .as(bronzeStream.logTail())
                            .isTrue();
                    return value("sum(bronze_stream_kafka_lag_messages)") == 0
                            && value("sum(bronze_stream_rows_written_total{sink=\"events\"})") >= SENT_UNDER_LOAD.get();
                });
        assertThat(value("sum(bronze_stream_rows_written_total{sink=\"events\"})"))
                .as("rows the stream wrote = events acknowledged under load")
                .isEqualTo(SENT_UNDER_LOAD.get());
        assertThat(value("min(up{job=\"bronze-stream\"})")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void everyRecordingRuleAndAlertRuleEvaluatesWithoutError() throws Exception {
        JsonNode groups = prometheus.api().ruleGroups();
        List<String> rules = new ArrayList<>();
        List<String> unhealthy = new ArrayList<>();
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                String name =
                        group.path("name").asText() + "/" + rule.path("name").asText();
                rules.add(name);
                if (!"ok".equals(rule.path("health").asText())) {
                    unhealthy.add(name + ": " + rule.path("health").asText() + " "
                            + rule.path("lastError").asText());
                }
            }
        }

        assertThat(groups).as("rule groups").hasSizeGreaterThanOrEqualTo(4);
        assertThat(rules).contains("collector-recording/collector:api_requests:rate5m");
        assertThat(unhealthy).isEmpty();
    }

    @Test
    @Order(4)
    void everyPanelQueryOfEveryDashboardReturnsData() throws Exception {
        silverAndMaintenance.get(10, TimeUnit.MINUTES);
        // the last push is scraped: the maintenance run's figures are in Prometheus
        await("the maintenance run's push scraped")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> prometheus
                                .api()
                                .query("lakehouse_job_snapshots_after", Instant.now())
                                .path("result")
                                .size()
                        > 0);
        // one more evaluation, so the recording rules over the pushed series have a sample too
        Thread.sleep(TestPrometheus.INTERVAL.toMillis() * 2);
        Instant end = Instant.now();
        Duration step = TestPrometheus.INTERVAL;

        Map<String, String> empty = new TreeMap<>();
        Map<String, String> shown = new TreeMap<>();
        int queries = 0;
        for (GrafanaDashboard dashboard : GrafanaDashboard.all()) {
            Map<String, String> values = grafanaValues(dashboard, end, step);
            for (GrafanaDashboard.Query query : dashboard.queries()) {
                queries++;
                String expr = GrafanaVariables.substitute(query.expr(), values);
                JsonNode result = query.instant()
                        ? prometheus.api().query(expr, end).path("result")
                        : prometheus.api().queryRange(expr, start, end, step).path("result");
                String summary = summary(result, query.instant());
                if (summary.isEmpty()) {
                    empty.put(query.name(), expr);
                } else {
                    shown.put(query.name(), summary);
                }
            }
        }
        shown.forEach((name, summary) -> System.out.println(name + " -> " + summary));
        empty.forEach((name, expr) -> System.out.println(name + " -> NO DATA (" + reasonEmpty(expr) + ")"));

        assertThat(queries).isGreaterThan(40);
        // the two refusals of the setup are counted, also where Prometheus never saw the reason before the refusal
        assertThat(shown.get("collector.json panel 12 \"Refused in the time range, by reason\" A"))
                .contains("{\"reason\":\"invalid_json\"} = 1")
                .contains("{\"reason\":\"missing_field\"} = 1");
        assertThat(empty.entrySet().stream()
                        .filter(e -> reasonEmpty(e.getValue()) == null)
                        .map(e -> e.getKey() + ": " + e.getValue()))
                .as("panel queries without data and not on the allow-list")
                .isEmpty();
        // an allow-list entry that explains no empty panel any more is stale: remove it
        assertThat(LEGITIMATELY_EMPTY.keySet().stream()
                        .filter(series -> empty.values().stream().noneMatch(expr -> expr.contains(series))))
                .as("allow-list entries no empty panel needs")
                .isEmpty();
    }

    /**
     * What Grafana gives each variable when it draws {@code dashboard} over the test's time range: its own ($__...),
     * and each template variable with "All" selected, i.e. every value its label_values() query finds, as a regex.
     */
    private static Map<String, String> grafanaValues(GrafanaDashboard dashboard, Instant end, Duration step)
            throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        long scrape = TestPrometheus.INTERVAL.toSeconds();
        long interval = step.toSeconds();
        long range = Duration.between(start, end).toSeconds();
        values.put("__interval", interval + "s");
        values.put("__interval_ms", Long.toString(interval * 1000));
        // Grafana: max($__interval + scrape interval, 4 x scrape interval), the scrape interval being the datasource's
        values.put("__rate_interval", Math.max(interval + scrape, 4 * scrape) + "s");
        values.put("__range", range + "s");
        values.put("__range_s", Long.toString(range));
        values.put("__range_ms", Long.toString(range * 1000));
        for (GrafanaDashboard.Variable variable : dashboard.variables()) {
            Matcher labelValues = LABEL_VALUES.matcher(variable.query().strip());
            assertThat(labelValues.matches())
                    .as("%s $%s: %s", dashboard.file(), variable.name(), variable.query())
                    .isTrue();
            String selector = labelValues.group(1) == null
                    ? "{__name__=~\".+\"}"
                    : GrafanaVariables.substitute(labelValues.group(1), values);
            List<String> found = prometheus.api().labelValues(labelValues.group(2), selector, start, end);
            assertThat(found)
                    .as("%s: variable $%s (%s) has no value to choose", dashboard.file(), variable.name(), selector)
                    .isNotEmpty();
            System.out.println(dashboard.file() + " $" + variable.name() + " = " + found);
            values.put(variable.name(), GrafanaVariables.multiValue(found));
        }
        return values;
    }

    /** The series with a number to draw (NaN draws nothing), with their last value; empty when there is none. */
    private static String summary(JsonNode result, boolean instant) {
        List<String> series = new ArrayList<>();
        for (JsonNode one : result) {
            String shown = null;
            if (instant) {
                String value = one.path("value").get(1).asText();
                shown = finite(value) ? value : null;
            } else {
                double max = Double.NEGATIVE_INFINITY;
                String last = null;
                for (JsonNode point : one.path("values")) {
                    if (finite(point.get(1).asText())) {
                        last = point.get(1).asText();
                        max = Math.max(max, Double.parseDouble(last));
                    }
                }
                shown = last == null ? null : "last " + last + ", max " + max;
            }
            if (shown != null) {
                JsonNode labels = one.path("metric");
                series.add((labels.isEmpty() ? "{}" : labels.toString()) + " = " + shown);
            }
        }
        return String.join("; ", series);
    }

    /** The one value an instant query returns now; NaN when it returns none. */
    private static double value(String expr) throws IOException {
        JsonNode result = prometheus.api().query(expr, Instant.now()).path("result");
        return result.size() == 1
                ? Double.parseDouble(result.get(0).path("value").get(1).asText())
                : Double.NaN;
    }

    private static boolean finite(String value) {
        try {
            return Double.isFinite(Double.parseDouble(value));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String reasonEmpty(String expr) {
        return LEGITIMATELY_EMPTY.entrySet().stream()
                .filter(e -> expr.contains(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** States of the fallback alert Prometheus reports now (pending, firing); empty when it is inactive. */
    private static Set<String> alertStates() throws IOException {
        Set<String> states = new LinkedHashSet<>();
        for (JsonNode alert : prometheus.api().alerts()) {
            if (FALLBACK_ALERT.equals(alert.path("labels").path("alertname").asText())) {
                states.add(alert.path("state").asText());
            }
        }
        return states;
    }

    /** Sends every line, EVENTS_PER_REQUEST to a request; returns how many the collector accepted. */
    private static int inject(List<String> lines) throws Exception {
        int accepted = 0;
        for (int from = 0; from < lines.size(); from += EVENTS_PER_REQUEST) {
            accepted += post(lines.subList(from, Math.min(from + EVENTS_PER_REQUEST, lines.size())));
        }
        assertThat(accepted).isEqualTo(lines.size());
        return accepted;
    }

    private static int post(List<String> lines) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(collectorUrl + "/collect/batch"))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return countOf(response.body(), "\"event_id\"");
    }

    /** A producer's mistakes, as the rejection panels should show them: a body that is not JSON, an event with no id. */
    private static void refuseTwoBadEvents() throws Exception {
        HttpResponse<String> notJson = HTTP.send(
                HttpRequest.newBuilder(URI.create(collectorUrl + "/collect"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notJson.statusCode()).as(notJson.body()).isEqualTo(400);
        HttpResponse<String> noId = HTTP.send(
                HttpRequest.newBuilder(URI.create(collectorUrl + "/collect"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"type\":\"PushEvent\",\"created_at\":\"2015-01-01T00:00:00Z\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noId.statusCode()).as(noId.body()).isEqualTo(400);
    }

    private static String sparkJob(String module, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("scripts/spark-job.sh", module, mainClass));
        command.addAll(List.of(args));
        Instant from = Instant.now();
        String output =
                ChildProcess.run(module, work.resolve(module + ".log"), jobEnv, Duration.ofMinutes(10), command);
        System.out.printf(
                "%s %s: %d s%n",
                module,
                String.join(" ", args),
                Duration.between(from, Instant.now()).toSeconds());
        return output;
    }

    private static int countOf(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            count++;
        }
        return count;
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String body(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}

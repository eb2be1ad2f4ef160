package dev.descheduler.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.localstack.LocalStack;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The collector as an operator runs it: its own process, stopped with SIGTERM or killed with SIGKILL under continuous
 * load, and its Kafka broker killed under load. Every acknowledged event must reach Kafka, and duplicates are bounded
 * by what was in flight at the fault: each of the {@link #WORKERS} delivery workers sends one batch at a time and marks
 * it delivered in the journal once a store holds it, so a fault can re-send at most one batch per worker (at most
 * {@link #WORKERS} x {@link #BATCH_EVENTS} events) whose send was in flight; nothing else is replayed.
 */
class CollectorProcessIT {

    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");
    private static final int BATCH_EVENTS = 500;
    /** DELIVERY_WORKERS, application.yml's default: the batches that can be in flight at once. */
    private static final int WORKERS = 2;

    private static LocalStack stack;
    private static Path root;
    private static int nextEvent;

    private final HttpClient http = HttpClient.newHttpClient();
    private Process collector;
    private ContinuousLoad load;
    private int port;

    @BeforeAll
    static void startStack() throws IOException {
        Files.createDirectories(Path.of("target"));
        root = Files.createTempDirectory(Path.of("target"), "process-it-");
        stack = LocalStack.builder()
                .dataDir(root.resolve("stack"))
                .servers(EnumSet.of(LocalStack.Server.KAFKA, LocalStack.Server.S3))
                .ephemeralPorts()
                .build()
                .start();
    }

    @AfterAll
    static void stopStack() {
        stack.stop();
    }

    @AfterEach
    void killCollector() {
        if (load != null) {
            load.close();
        }
        if (collector != null && collector.isAlive()) {
            collector.destroyForcibly();
        }
    }

    @Test
    void sigkillUnderLoadLosesNothingAndResendsAtMostTheBatchesInFlight() throws Exception {
        Path dataDir = root.resolve("sigkill");
        String topic = "killed_under_load";
        Map<String, String> settings = Map.of(
                "BATCH_MAX_SIZE",
                Integer.toString(BATCH_EVENTS),
                "BATCH_MAX_TIME_S",
                "1",
                "DELIVERY_WORKERS",
                Integer.toString(WORKERS));
        start("durable", dataDir, topic, settings);
        load = new ContinuousLoad(port, 3, 50);
        // batches are reaching Kafka all along, so the journal holds delivered and undelivered events at the kill
        await().atMost(Duration.ofSeconds(120))
                .until(() -> load.acknowledged.size() > 5_000 && idsIn(topic).size() > 2_000);

        collector.destroyForcibly().waitFor();
        List<String> acknowledged = load.stop();
        start("durable", dataDir, topic, settings);

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertAllIn(acknowledged, idsIn(topic)));
        assertDuplicatesAtMost(idsIn(topic), WORKERS * BATCH_EVENTS);
    }

    @Test
    void memoryModeLosesWhatWasQueuedWhenTheProcessIsKilled() throws Exception {
        Path dataDir = root.resolve("memory");
        String topic = "killed_memory";
        // a batch closes only after 20 s, so acknowledged events sit in the collector when it is killed
        start("memory", dataDir, topic, Map.of("BATCH_MAX_TIME_S", "20"));
        List<String> acknowledged = post(300);

        collector.destroyForcibly().waitFor();
        start("memory", dataDir, topic, Map.of("BATCH_MAX_TIME_S", "20"));
        List<String> marker = post(1);

        // the loss window of memory mode: everything acknowledged but still queued when the process died
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(idsIn(topic)).containsAll(marker));
        assertThat(idsIn(topic)).doesNotContainAnyElementsOf(acknowledged);
    }

    @Test
    void sigtermUnderLoadAnswers503WhileDrainingAndDeliversEveryAcknowledgedEventOnce() throws Exception {
        Path dataDir = root.resolve("sigterm");
        String topic = "drained";
        // large, slow batches: thousands of acknowledged events are still in the collector when SIGTERM arrives
        // the drain may take its time on a loaded machine; a deadline would move events to the fallback instead
        start(
                "durable",
                dataDir,
                topic,
                Map.of("BATCH_MAX_SIZE", "5000", "BATCH_MAX_TIME_S", "20", "COLLECTOR_SHUTDOWN_TIMEOUT_S", "120"));
        // the first batch creates the topic; that happens before the load, not in the middle of the drain
        List<String> first = post(1);
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() -> assertThat(idsIn(topic)).containsAll(first));
        load = new ContinuousLoad(port, 4, 100);
        await().atMost(Duration.ofSeconds(120)).until(() -> load.acknowledged.size() > 5_000);

        collector.destroy();
        assertThat(collector.waitFor(240, TimeUnit.SECONDS)).isTrue();
        List<String> acknowledged = load.stop();

        assertThat(load.shuttingDown.get())
                .as("requests during the drain are answered 503 shutting_down")
                .isPositive();
        List<String> inKafka = idsIn(topic);
        assertAllIn(acknowledged, inKafka);
        assertDuplicatesAtMost(inKafka, 0);
        try (var journal = Files.list(dataDir.resolve("journal"))) {
            assertThat(journal.toList())
                    .as("a clean drain leaves no journal file behind")
                    .isEmpty();
        }
    }

    @Test
    void brokerKilledUnderLoadThenCollectorStoppedWhileKafkaIsDownLosesNothingAndResendsAtMostOneBatchPerWorker()
            throws Exception {
        Path dataDir = root.resolve("broker-killed");
        String topic = "broker_killed";
        Map<String, String> settings = Map.of(
                "BATCH_MAX_SIZE", Integer.toString(BATCH_EVENTS),
                "BATCH_MAX_TIME_S", "1",
                "DELIVERY_WORKERS", Integer.toString(WORKERS),
                "KAFKA_RETRY_MAX", "3",
                "KAFKA_RETRY_BACKOFF_BASE_S", "0.2",
                "KAFKA_REQUEST_TIMEOUT_S", "3",
                "KAFKA_PROBE_INTERVAL_S", "1",
                "LANDING_ZONE_TIMEOUT_S", "3",
                // shorter than the retries of the batch in flight: the drain has to interrupt that send
                "COLLECTOR_SHUTDOWN_TIMEOUT_S", "3");
        start("durable", dataDir, topic, settings);
        load = new ContinuousLoad(port, 3, 50);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> load.acknowledged.size() > 5_000 && idsIn(topic).size() > 2_000);

        stack.kafka().kill();
        int atKill = load.acknowledged.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged.size() > atKill + 1_000);
        collector.destroy();
        assertThat(collector.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> acknowledged = load.stop();

        stack.kafka().start();
        start("durable", dataDir, topic, settings);

        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertAllIn(acknowledged, idsIn(topic)));
        assertDuplicatesAtMost(idsIn(topic), WORKERS * BATCH_EVENTS);
    }

    private void start(String ackMode, Path dataDir, String topic, Map<String, String> settings) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path jar = Path.of("target", "collector-service.jar");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-jar",
                        jar.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        root.resolve(topic + ".log").toFile()));
        Map<String, String> env = builder.environment();
        env.putAll(stack.env());
        env.put("COLLECTOR_PORT", Integer.toString(port));
        env.put("COLLECTOR_ACK_MODE", ackMode);
        env.put("COLLECTOR_DATA_DIR", dataDir.toString());
        env.put("KAFKA_FALLBACK_DIR", dataDir.resolve("fallback").toString());
        env.put("KAFKA_TOPIC", topic);
        env.put("COLLECTOR_SHUTDOWN_TIMEOUT_S", "30");
        env.putAll(settings);
        collector = builder.start();
        // generous: on the shared 2-core machine a Spring Boot start has taken over 60 s
        await().atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofMillis(250))
                .until(this::isReady);
    }

    private boolean isReady() {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/readiness"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private List<String> post(int events) throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < events; i++) {
            body.append(TestEvents.json(nextEvent++)).append('\n');
        }
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/collect/batch"))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        Matcher matcher = EVENT_ID.matcher(response.body());
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        assertThat(ids).hasSize(events);
        return ids;
    }

    /** Set-based: AssertJ's containsAll on lists of many thousand ids is quadratic. */
    private static void assertAllIn(Collection<String> acknowledged, Collection<String> inKafka) {
        Set<String> present = new HashSet<>(inKafka);
        List<String> missing =
                acknowledged.stream().filter(id -> !present.contains(id)).toList();
        assertThat(missing)
                .as("%d of %d acknowledged ids not in Kafka", missing.size(), acknowledged.size())
                .isEmpty();
    }

    private static void assertDuplicatesAtMost(List<String> inKafka, int bound) {
        Map<String, Integer> copies = new HashMap<>();
        inKafka.forEach(id -> copies.merge(id, 1, Integer::sum));
        assertThat(ContinuousLoad.duplicates(inKafka))
                .as("events in Kafka more than once (bound: %d, the batches in flight at the fault)", bound)
                .isLessThanOrEqualTo(bound);
        assertThat(copies.values()).as("no event more than twice").allMatch(n -> n <= 2);
    }

    private static List<String> idsIn(String topic) {
        return KafkaTopicReader.readAll(stack.kafka().bootstrapServers(), topic).stream()
                .map(GitHubEvent::getIngestId)
                .toList();
    }
}

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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The collector as an operator runs it: its own process, stopped with SIGTERM or killed with SIGKILL while it holds
 * acknowledged events that have not reached Kafka yet (a long batch time keeps them in the batcher).
 */
class CollectorProcessIT {

    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");
    private static LocalStack stack;
    private static Path root;
    private static int nextEvent;

    private final HttpClient http = HttpClient.newHttpClient();
    private Process collector;
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
        if (collector != null && collector.isAlive()) {
            collector.destroyForcibly();
        }
    }

    @Test
    void durableModeLosesNothingWhenTheProcessIsKilled() throws Exception {
        Path dataDir = root.resolve("durable");
        String topic = "killed_durable";
        start("durable", dataDir, topic);
        List<String> acknowledged = post(300);
        assertThat(idsIn(topic)).as("still in the batcher, not yet in Kafka").isEmpty();

        collector.destroyForcibly().waitFor();
        start("durable", dataDir, topic);

        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(idsIn(topic)).containsAll(acknowledged));
    }

    @Test
    void memoryModeLosesWhatWasQueuedWhenTheProcessIsKilled() throws Exception {
        Path dataDir = root.resolve("memory");
        String topic = "killed_memory";
        start("memory", dataDir, topic);
        List<String> acknowledged = post(300);

        collector.destroyForcibly().waitFor();
        start("memory", dataDir, topic);
        List<String> marker = post(1);

        // the loss window of memory mode: everything acknowledged but still queued when the process died
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(idsIn(topic)).containsAll(marker));
        assertThat(idsIn(topic)).doesNotContainAnyElementsOf(acknowledged);
    }

    @Test
    void sigtermDrainsEveryAcknowledgedEventBeforeExiting() throws Exception {
        Path dataDir = root.resolve("sigterm");
        String topic = "drained";
        start("durable", dataDir, topic);
        List<String> acknowledged = post(300);

        collector.destroy();
        assertThat(collector.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(idsIn(topic)).containsAll(acknowledged);
        try (var journal = Files.list(dataDir.resolve("journal"))) {
            assertThat(journal.filter(f -> f.toString().endsWith(".journal")).toList())
                    .as("a clean drain leaves no journal segment behind")
                    .isEmpty();
        }
    }

    private void start(String ackMode, Path dataDir, String topic) throws Exception {
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
        // a batch closes only after 20 s, so acknowledged events sit in the collector when it is stopped or killed
        env.put("BATCH_MAX_TIME_S", "20");
        env.put("COLLECTOR_SHUTDOWN_TIMEOUT_S", "30");
        collector = builder.start();
        await().atMost(Duration.ofSeconds(90))
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

    private static List<String> idsIn(String topic) {
        try {
            return KafkaTopicReader.readAll(stack.kafka().bootstrapServers(), topic).stream()
                    .map(GitHubEvent::getIngestId)
                    .toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}

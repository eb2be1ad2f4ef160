package dev.descheduler.bronze;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's package) with the repository's monitoring/prometheus configuration and rules, scraping
 * only the Bronze stream at {@code 127.0.0.1:<port>}, every 2 s instead of 15 s so a test sees it within seconds.
 * Missing Prometheus skips the test, except under CI, which installs it.
 */
final class TestPrometheus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final String url;

    private TestPrometheus(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    static TestPrometheus start(Path dir, int bronzeStreamPort) throws Exception {
        Path binary = Path.of("/usr/bin/prometheus");
        String ci = System.getenv("CI");
        boolean isCi = ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
        String missing = binary + " not found (sudo apt-get install prometheus)";
        if (isCi && !Files.isExecutable(binary)) {
            fail(missing + "; CI is set, so this fails instead of skipping (.ci/run installs it)");
        }
        assumeTrue(Files.isExecutable(binary), missing + "; skipped");

        Path repository = Path.of("../monitoring/prometheus");
        Files.createDirectories(dir.resolve("rules"));
        Files.createDirectories(dir.resolve("targets"));
        Files.writeString(
                dir.resolve("prometheus.yml"),
                Files.readString(repository.resolve("prometheus.yml"))
                        .replace("scrape_interval: 15s", "scrape_interval: 2s")
                        .replace("scrape_timeout: 10s", "scrape_timeout: 2s")
                        .replace("evaluation_interval: 15s", "evaluation_interval: 2s"));
        try (Stream<Path> rules = Files.list(repository.resolve("rules"))) {
            for (Path rule : rules.toList()) {
                Files.copy(rule, dir.resolve("rules").resolve(rule.getFileName()));
            }
        }
        for (String job : List.of("prometheus", "collector", "pushgateway", "airflow")) {
            Files.writeString(dir.resolve("targets/" + job + ".json"), "[]");
        }
        // as scripts/monitoring.sh writes it
        Files.writeString(
                dir.resolve("targets/bronze-stream.json"),
                "[{\"targets\": [\"127.0.0.1:" + bronzeStreamPort + "\"], \"labels\": {\"stack\": \"embedded\"}}]");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        TestPrometheus prometheus = new TestPrometheus(process, "http://127.0.0.1:" + port);
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .failFast("Prometheus exited, see " + dir.resolve("prometheus.log"), () -> !process.isAlive())
                .until(() -> prometheus.get("/-/ready").contains("Ready"));
        return prometheus;
    }

    /** The instant vector {@code query} evaluates to now: its {@code result} array. */
    JsonNode query(String query) throws IOException, InterruptedException {
        return api("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))
                .path("data")
                .path("result");
    }

    /** The rules of the Bronze groups (bronze-recording, bronze-alerts) as Prometheus evaluates them. */
    List<JsonNode> bronzeRules() throws IOException, InterruptedException {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : api("/api/v1/rules").path("data").path("groups")) {
            if (group.path("name").asText().startsWith("bronze-")) {
                group.path("rules").forEach(rules::add);
            }
        }
        return rules;
    }

    /** The alert named {@code name}, pending or firing, or null. */
    JsonNode alert(String name) throws IOException, InterruptedException {
        for (JsonNode alert : api("/api/v1/alerts").path("data").path("alerts")) {
            if (alert.path("labels").path("alertname").asText().equals(name)) {
                return alert;
            }
        }
        return null;
    }

    private JsonNode api(String path) throws IOException, InterruptedException {
        return JSON.readTree(get(path));
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}

package dev.descheduler.monitoring;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's Prometheus and Pushgateway on free loopback ports, with the repository's prometheus.yml and rules and scrape
 * targets in file_sd files of the test's own (as scripts/monitoring.sh writes them for `make up`). Two changes to a
 * copy, each found in the repository's text or the start fails, so they cannot silently stop applying:
 * <ul>
 *   <li>scrapes and rule evaluations every {@link #INTERVAL} instead of 15 s, so a rate has its samples and an alert
 *       its evaluations within seconds rather than minutes;
 *   <li>CollectorFallbackInUse looks back {@link #FALLBACK_WINDOW} instead of 5 minutes: it has no {@code for:}, so
 *       it fires on the first evaluation after a fallback batch either way, but it resolves only once its window holds
 *       no fallback batch, which would keep the test waiting five minutes after Kafka is back.
 * </ul>
 */
final class TestPrometheus implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final String FALLBACK_WINDOW = "20s";
    static final List<String> SCRAPE_JOBS =
            List.of("prometheus", "collector", "bronze-stream", "pushgateway", "airflow");

    private static final Path CONFIG = GrafanaDashboard.ROOT.resolve("monitoring/prometheus");

    private final Path dir;
    private final int prometheusPort;
    private final int pushgatewayPort;
    private final ChildProcess pushgateway;
    private final ChildProcess prometheus;
    private final PrometheusApi api;

    private TestPrometheus(Path dir, Path prometheusBin, Path pushgatewayBin) throws IOException {
        this.dir = dir;
        this.prometheusPort = ChildProcess.freePort();
        this.pushgatewayPort = ChildProcess.freePort();
        writeConfig();
        for (String job : SCRAPE_JOBS) {
            target(job, null);
        }
        target("prometheus", "127.0.0.1:" + prometheusPort);
        target("pushgateway", "127.0.0.1:" + pushgatewayPort);
        this.pushgateway = ChildProcess.start(
                "pushgateway",
                dir.resolve("pushgateway.log"),
                Map.of(),
                // in memory: Debian's build persists to /var/lib/prometheus/pushgateway.data by default, a file every
                // Pushgateway started with defaults shares, so groups other tests pushed would show up here
                List.of(
                        pushgatewayBin.toString(),
                        "--web.listen-address=127.0.0.1:" + pushgatewayPort,
                        "--persistence.file="));
        this.prometheus = ChildProcess.start(
                "prometheus",
                dir.resolve("prometheus.log"),
                Map.of(),
                List.of(
                        prometheusBin.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + prometheusPort));
        this.api = new PrometheusApi(URI.create("http://127.0.0.1:" + prometheusPort));
    }

    static TestPrometheus start(Path dir) throws IOException {
        List<Path> bins = PrometheusTools.require("prometheus", "prometheus-pushgateway");
        Files.createDirectories(dir);
        TestPrometheus started = new TestPrometheus(dir, bins.get(0), bins.get(1));
        try {
            await("Prometheus ready")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!started.prometheus.isAlive()) {
                            throw new AssertionError(started.prometheus.logTail());
                        }
                        return started.api.ready();
                    });
        } catch (RuntimeException | AssertionError e) {
            started.close();
            throw e;
        }
        return started;
    }

    PrometheusApi api() {
        return api;
    }

    String pushgatewayUrl() {
        return "http://127.0.0.1:" + pushgatewayPort;
    }

    /** Points a scrape job at {@code hostPort}, or at nothing; Prometheus re-reads the file on its own. */
    void target(String job, String hostPort) throws IOException {
        Path targets = dir.resolve("targets");
        Files.createDirectories(targets);
        Path temp = targets.resolve(job + ".json.tmp");
        Files.writeString(
                temp,
                hostPort == null
                        ? "[]\n"
                        : "[{\"targets\": [\"" + hostPort + "\"], \"labels\": {\"stack\": \"test\"}}]\n");
        // a rename: Prometheus never reads a half-written file
        Files.move(temp, targets.resolve(job + ".json"), StandardCopyOption.ATOMIC_MOVE);
    }

    private void writeConfig() throws IOException {
        String config = Files.readString(CONFIG.resolve("prometheus.yml"));
        String every = INTERVAL.toSeconds() + "s";
        config = replaceOnce(config, "scrape_interval: 15s", "scrape_interval: " + every, "prometheus.yml");
        // a scrape may not take longer than the interval
        config = replaceOnce(config, "scrape_timeout: 10s", "scrape_timeout: " + every, "prometheus.yml");
        config = replaceOnce(config, "evaluation_interval: 15s", "evaluation_interval: " + every, "prometheus.yml");
        Files.writeString(dir.resolve("prometheus.yml"), config);
        Path rules = Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> files = Files.list(CONFIG.resolve("rules"))) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                if (file.getFileName().toString().equals("collector.yml")) {
                    text = replaceOnce(
                            text,
                            "increase(kafka_fallback_batches_total[5m])",
                            "increase(kafka_fallback_batches_total[" + FALLBACK_WINDOW + "])",
                            "collector.yml");
                }
                Files.writeString(rules.resolve(file.getFileName()), text);
            }
        }
    }

    private static String replaceOnce(String text, String from, String to, String file) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalStateException("expected '" + from + "' once in the repository's " + file
                    + ": the test's copy of the configuration must be updated with it");
        }
        return text.replace(from, to);
    }

    @Override
    public void close() {
        prometheus.close();
        pushgateway.close();
    }
}

package dev.descheduler.lakehouse.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.descheduler.localstack.PushgatewayServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A batch run's figures pushed to a real Pushgateway (Debian's prometheus-pushgateway), read back from its page. */
class PushgatewayRunMetricsIT {

    private static final String TABLE = "lakehouse.silver.github_events";
    private static PushgatewayServer pushgateway;
    private static String url;

    @BeforeAll
    static void startPushgateway() throws Exception {
        pushgateway = PushgatewayServer.startForTest(Path.of("target/pushgateway-it.log"));
        url = pushgateway.url();
    }

    @AfterAll
    static void stopPushgateway() {
        if (pushgateway != null) {
            pushgateway.close();
        }
    }

    @Test
    void aSuccessPushesTheCountsTheFreshnessAndTheSuccessTimeGroupedByJobAndTable() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
        RunMetrics metrics = new PushgatewayRunMetrics("silver-it", PushgatewayRunMetrics.address(url), clock);

        metrics.succeeded(
                TABLE,
                Map.of(RunCount.ROWS_IN, 52_480L, RunCount.ROWS_OUT, 52_000L, RunCount.ROWS_REJECTED, 480L),
                Optional.of(Instant.parse("2026-12-03T09:59:30Z")));

        Map<String, Double> samples = samples("silver-it");
        assertThat(samples)
                .containsEntry("lakehouse_job_rows_in", 52_480.0)
                .containsEntry("lakehouse_job_rows_out", 52_000.0)
                .containsEntry("lakehouse_job_rows_rejected", 480.0)
                .containsEntry("lakehouse_job_last_success_timestamp_seconds", 1_796_292_000.0)
                .containsEntry("lakehouse_table_newest_received_timestamp_seconds", 1_796_291_970.0)
                .containsKey("lakehouse_job_duration_seconds")
                .doesNotContainKey("lakehouse_job_last_failure_timestamp_seconds");
    }

    @Test
    void aFailureAfterASuccessKeepsTheLastSuccessAndAddsTheFailureTime() throws Exception {
        RunMetrics first = new PushgatewayRunMetrics(
                "gold-it",
                PushgatewayRunMetrics.address(url),
                Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC));
        first.succeeded(TABLE, Map.of(RunCount.ROWS_OUT, 10L), Optional.empty());
        RunMetrics second = new PushgatewayRunMetrics(
                "gold-it",
                PushgatewayRunMetrics.address(url),
                Clock.fixed(Instant.parse("2026-12-03T09:00:00Z"), ZoneOffset.UTC));

        second.failed(TABLE);

        assertThat(samples("gold-it"))
                .containsEntry("lakehouse_job_last_success_timestamp_seconds", 1_796_284_800.0)
                .containsEntry("lakehouse_job_last_failure_timestamp_seconds", 1_796_288_400.0)
                .containsEntry("lakehouse_job_rows_out", 10.0);
    }

    @Test
    void aPushgatewayThatIsDownCostsAWarningNotTheRun() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        RunMetrics metrics = new PushgatewayRunMetrics(
                "down-it", PushgatewayRunMetrics.address("http://127.0.0.1:" + closed), Clock.systemUTC());

        assertThatCode(() -> metrics.succeeded(TABLE, Map.of(), Optional.empty()))
                .doesNotThrowAnyException();
    }

    /** The Pushgateway's samples of {@code job}'s group for {@link #TABLE}, by metric name. */
    private static Map<String, Double> samples(String job) throws IOException, InterruptedException {
        String group = "{instance=\"\",job=\"" + job + "\",table=\"" + TABLE + "\"}";
        Map<String, Double> samples = new java.util.TreeMap<>();
        for (String line : get("/metrics").split("\n")) {
            int braces = line.indexOf(group);
            if (!line.startsWith("#") && braces > 0) {
                samples.put(line.substring(0, braces), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return samples;
    }

    private static String get(String path) throws IOException, InterruptedException {
        return pushgateway.get(path);
    }
}

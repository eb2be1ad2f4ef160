package dev.descheduler.cli.dbt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.cli.PipelineCli;
import dev.descheduler.localstack.PushgatewayServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `pipeline-cli dbt-metrics` pushing dbt runs to a real Pushgateway (Debian's prometheus-pushgateway), read back. */
class DbtMetricsCommandIT {

    private static final String TABLE = "lakehouse.gold";
    private static final Path FAILED_TEST = Path.of("src/test/resources/dbt/build-with-a-failed-test.json");
    private static final Path ALL_PASSED = Path.of("src/test/resources/dbt/build-all-passed.json");
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{(.*)} (\\S+)$");

    private static PushgatewayServer pushgateway;
    private static String url;

    @BeforeAll
    static void startPushgateway() throws Exception {
        pushgateway = PushgatewayServer.startForTest(Path.of("target/pushgateway-dbt-it.log"));
        url = pushgateway.url();
    }

    @AfterAll
    static void stopPushgateway() {
        if (pushgateway != null) {
            pushgateway.close();
        }
    }

    @Test
    void aBuildWithAFailedTestPushesAFailureWithItsTestsAndNodes() throws Exception {
        int exit = run("--job", "dbt-failed-it", "--run-results", FAILED_TEST.toString(), "--pushgateway-url", url);

        assertThat(exit).isZero();
        Map<String, Double> samples = samples("dbt-failed-it");
        assertThat(samples)
                .containsEntry("lakehouse_job_last_failure_timestamp_seconds", 1_796_341_894.497)
                .containsEntry("lakehouse_job_duration_seconds", 23.5)
                .containsEntry("lakehouse_dbt_tests_passed", 4.0)
                .containsEntry("lakehouse_dbt_tests_failed", 1.0)
                .containsEntry("lakehouse_dbt_nodes{kind=\"test\",status=\"fail\"}", 1.0)
                .containsEntry("lakehouse_dbt_nodes{kind=\"model\",status=\"success\"}", 3.0)
                .doesNotContainKey("lakehouse_job_last_success_timestamp_seconds");
    }

    @Test
    void aPassingBuildAfterAFailureAddsTheSuccessAndReplacesTheCounts() throws Exception {
        run("--job", "dbt-recovered-it", "--run-results", FAILED_TEST.toString(), "--pushgateway-url", url);

        int exit = run("--job", "dbt-recovered-it", "--run-results", ALL_PASSED.toString(), "--pushgateway-url", url);

        assertThat(exit).isZero();
        assertThat(samples("dbt-recovered-it"))
                .containsEntry("lakehouse_job_last_failure_timestamp_seconds", 1_796_341_894.497)
                .containsEntry("lakehouse_job_last_success_timestamp_seconds", 1_796_345_494.5)
                .containsEntry("lakehouse_dbt_tests_failed", 0.0)
                .containsEntry("lakehouse_dbt_tests_passed", 5.0)
                .containsEntry("lakehouse_dbt_nodes{kind=\"test\",status=\"pass\"}", 3.0)
                .doesNotContainKey("lakehouse_dbt_nodes{kind=\"test\",status=\"fail\"}");
    }

    @Test
    void resultsOlderThanTheRunArePushedAsAFailureWithoutCounts() throws Exception {
        long before = Instant.now().getEpochSecond();
        // the file was written a second before this run started: a previous run's, this one wrote none
        long started = Instant.parse("2026-12-04T00:51:35Z").getEpochSecond();

        int exit = run(
                "--job",
                "dbt-no-results-it",
                "--run-results",
                ALL_PASSED.toString(),
                "--started-at",
                Long.toString(started),
                "--pushgateway-url",
                url);

        assertThat(exit).isZero();
        Map<String, Double> samples = samples("dbt-no-results-it");
        assertThat(samples.get("lakehouse_job_last_failure_timestamp_seconds"))
                .as("when this run failed")
                .isGreaterThanOrEqualTo(before);
        assertThat(samples)
                .doesNotContainKey("lakehouse_job_last_success_timestamp_seconds")
                .doesNotContainKey("lakehouse_dbt_tests_passed");
    }

    @Test
    void airflowsGoldTaskStatesPushAFailureWithTheFailedTestTaskAndThenASuccess() throws Exception {
        long before = Instant.now().getEpochSecond();

        int failed = run(
                "--job",
                "dbt-airflow-it",
                "--task-state",
                "gold.dim_repos.run=success",
                "--task-state",
                "gold.dim_repos.test=failed",
                "--task-state",
                "gold.trending_repositories.run=upstream_failed",
                "--duration-seconds",
                "42.5",
                "--pushgateway-url",
                url);

        assertThat(failed).isZero();
        Map<String, Double> afterFailure = samples("dbt-airflow-it");
        assertThat(afterFailure.get("lakehouse_job_last_failure_timestamp_seconds"))
                .as("when this run failed")
                .isGreaterThanOrEqualTo(before);
        assertThat(afterFailure)
                .containsEntry("lakehouse_job_duration_seconds", 42.5)
                .containsEntry("lakehouse_dbt_tests_failed", 1.0)
                .containsEntry("lakehouse_dbt_nodes{kind=\"model\",status=\"skipped\"}", 1.0)
                .doesNotContainKey("lakehouse_job_last_success_timestamp_seconds");

        int succeeded = run(
                "--job",
                "dbt-airflow-it",
                "--task-state",
                "gold.dim_repos.run=success",
                "--task-state",
                "gold.dim_repos.test=success",
                "--duration-seconds",
                "30",
                "--pushgateway-url",
                url);

        assertThat(succeeded).isZero();
        assertThat(samples("dbt-airflow-it"))
                .containsEntry("lakehouse_dbt_tests_failed", 0.0)
                .containsEntry("lakehouse_dbt_tests_passed", 1.0)
                .containsEntry("lakehouse_job_duration_seconds", 30.0)
                .containsEntry(
                        "lakehouse_job_last_failure_timestamp_seconds",
                        afterFailure.get("lakehouse_job_last_failure_timestamp_seconds"))
                .containsKey("lakehouse_job_last_success_timestamp_seconds")
                .doesNotContainKey("lakehouse_dbt_nodes{kind=\"test\",status=\"fail\"}");
    }

    @Test
    void pushesNothingWhenNoGoldTaskRanAndRefusesBothSourcesOfTheOutcome() throws Exception {
        int exit = run(
                "--job",
                "dbt-not-run-it",
                "--task-state",
                "gold.dim_repos.run=upstream_failed",
                "--pushgateway-url",
                url);

        assertThat(exit).isZero();
        assertThat(samples("dbt-not-run-it")).isEmpty();
        assertThat(run(
                        "--run-results",
                        ALL_PASSED.toString(),
                        "--task-state",
                        "gold.dim_repos.run=success",
                        "--pushgateway-url",
                        url))
                .isEqualTo(DbtMetricsCommand.INVALID_INPUT);
    }

    @Test
    void exitsOneWhenThePushgatewayDoesNotAnswerAndPushesNothingWithoutAnAddress() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        assertThat(run("--run-results", ALL_PASSED.toString(), "--pushgateway-url", "http://127.0.0.1:" + closed))
                .isEqualTo(DbtMetricsCommand.NOT_PUSHED);
        assertThat(run("--run-results", ALL_PASSED.toString(), "--pushgateway-url", ""))
                .isZero();
    }

    private static int run(String... args) {
        String[] full = new String[args.length + 1];
        full[0] = "dbt-metrics";
        System.arraycopy(args, 0, full, 1, args.length);
        return PipelineCli.commandLine().execute(full);
    }

    /** The Pushgateway's samples of {@code job}'s group for {@link #TABLE}: name plus any labels but the group's. */
    private static Map<String, Double> samples(String job) throws IOException, InterruptedException {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : get("/metrics").split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()
                    || !m.group(2).contains("job=\"" + job + "\"")
                    || !m.group(2).contains("table=\"" + TABLE + "\"")) {
                continue;
            }
            String own = m.group(2)
                    .replace("instance=\"\"", "")
                    .replace("job=\"" + job + "\"", "")
                    .replace("table=\"" + TABLE + "\"", "")
                    .replaceAll(",+", ",")
                    .replaceAll("^,|,$", "");
            samples.put(m.group(1) + (own.isEmpty() ? "" : "{" + own + "}"), Double.parseDouble(m.group(3)));
        }
        return samples;
    }

    private static String get(String path) throws IOException, InterruptedException {
        return pushgateway.get(path);
    }
}

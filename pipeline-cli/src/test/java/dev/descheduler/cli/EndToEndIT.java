package dev.descheduler.cli;

import static dev.descheduler.cli.CliInProcess.cli;
import static dev.descheduler.cli.LocalHttp.body;
import static dev.descheduler.cli.LocalHttp.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descheduler.cli.ui.AirflowUi;
import dev.descheduler.localstack.LocalStack;
import dev.descheduler.localstack.LocalStackExtension;
import dev.descheduler.localstack.PushgatewayServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebElement;

/**
 * The whole pipeline as an operator runs it, on every real event of ../shared/data: the collector process takes them
 * over HTTP, Bronze (available-now) lands Kafka in Iceberg, Silver builds from Bronze, and the CLI reconciles the
 * layers and traces an event through the SQL endpoint. Then the same files are sent again: Bronze keeps both copies,
 * Silver does not change.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final int SAMPLE_EVENTS = 52_480;
    private static final List<String> GOLD_MARTS = List.of(
            "dim_actors",
            "dim_repos",
            "fct_event_type_hourly",
            "fct_pull_requests",
            "fct_repo_daily_activity",
            "fct_user_daily_activity",
            "trending_repositories");
    private static final Pattern NUMBER = Pattern.compile("\"%s\":(\\d+)");
    private static Path work;
    private static Path shared;
    private static Map<String, String> env;
    private static Map<String, String> stackEnv;
    private static ServiceProcess collector;
    private static ServiceProcess sqlEndpoint;
    private static String collectorUrl;
    private static String jdbcUrl;

    @BeforeAll
    static void startServices(LocalStack stack) throws Exception {
        shared = Path.of(System.getProperty("gharchive.data.dir", "../../shared/data"));
        // as event-schema's GhArchiveSample.require: skip on a developer machine without the sample, fail under CI
        String missing = "GH Archive sample folder " + shared.toAbsolutePath() + " not found: the real events are"
                + " expected in ../shared/data beside the repository root (override with -Dgharchive.data.dir=<folder>)";
        String ci = System.getenv("CI");
        boolean isCi = ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
        if (isCi && !Files.isDirectory(shared)) {
            fail(missing + "; CI is set, so a missing sample fails instead of skipping");
        }
        assumeTrue(Files.isDirectory(shared), missing + "; skipped");
        Files.createDirectories(Path.of("target"));
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "e2e-");
        stackEnv = stack.env();
        env = new HashMap<>(stackEnv);
        // the scripts read .env and the running stack's env file from DATA_DIR: point them at this test's own
        env.put("DATA_DIR", work.toString());
        int collectorPort = ServiceProcess.freePort();
        int thriftPort = ServiceProcess.freePort();
        env.put("COLLECTOR_PORT", Integer.toString(collectorPort));
        env.put("COLLECTOR_DATA_DIR", work.resolve("collector").toString());
        env.put("KAFKA_FALLBACK_DIR", work.resolve("collector/fallback").toString());
        env.put("BATCH_MAX_TIME_S", "1");
        env.put("SPARK_THRIFT_PORT", Integer.toString(thriftPort));
        env.put("SQL_ENDPOINT_DATA_DIR", work.resolve("sql-endpoint").toString());
        env.put("SPARK_DRIVER_MEMORY", "1500m");
        collectorUrl = "http://127.0.0.1:" + collectorPort;
        jdbcUrl = "jdbc:hive2://127.0.0.1:" + thriftPort + "/default";

        collector = ServiceProcess.start(
                work.resolve("collector.log"),
                env,
                List.of(
                        javaBin(),
                        "-Xmx768m",
                        "-jar",
                        ServiceProcess.ROOT
                                .resolve("collector-service/target/collector-service.jar")
                                .toString()));
        sqlEndpoint = ServiceProcess.start(work.resolve("sql-endpoint.log"), env, List.of("scripts/sql-endpoint.sh"));
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> status(collectorUrl + "/health/readiness") == 200);
    }

    @AfterAll
    static void stopServices() throws IOException {
        if (sqlEndpoint != null) {
            sqlEndpoint.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    @Order(1)
    void everyAcceptedEventReachesBronzeOnceAndSilverOncePerGitHubId() throws Exception {
        Path accepted = inject("first");

        String bronze = runJob("bronze-streaming-job", "dev.descheduler.bronze.BronzeStreamingJob", "--available-now");
        String silver = runJob("silver-batch-job", "dev.descheduler.silver.SilverBatchJob");

        assertThat(bronze).contains("wrote " + SAMPLE_EVENTS + " rows");
        assertThat(number(silver, "bronze_rows")).isEqualTo(SAMPLE_EVENTS);
        assertThat(number(silver, "inserted")).isEqualTo(SAMPLE_EVENTS);
        assertThat(number(silver, "rejected")).isZero();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> sqlEndpoint.output().contains("sql-endpoint ready"));
        String layers = cli("reconcile-layers", "--jdbc-url", jdbcUrl, "--accepted", accepted.toString());
        assertThat(layers).contains("accepted 52,480 -> Bronze 52,480 (missing 0, duplicated 0)");
        assertThat(layers).contains("Silver 52,480 + rejected 0, unexplained 0").contains("RECONCILED");
    }

    @Test
    @Order(2)
    void traceFollowsAnEventFromItsKafkaOffsetToItsSilverRow() throws Exception {
        String ingestId = Files.readAllLines(work.resolve("first-accepted.txt")).get(1234);

        String trace = cli("trace", "--jdbc-url", jdbcUrl, ingestId);

        assertThat(trace).contains("bronze: {ingest_id=" + ingestId).contains("kafka_offset=");
        assertThat(trace).contains("bronze_snapshot_id=").contains("silver: {event_id=");
    }

    @Test
    @Order(3)
    void theSameFilesSentAgainLandTwiceInBronzeAndChangeNothingInSilver() throws Exception {
        Path first = work.resolve("first-accepted.txt");
        Path second = inject("second");

        runJob("bronze-streaming-job", "dev.descheduler.bronze.BronzeStreamingJob", "--available-now");
        String silver = runJob("silver-batch-job", "dev.descheduler.silver.SilverBatchJob");

        assertThat(number(silver, "bronze_rows")).isEqualTo(SAMPLE_EVENTS);
        assertThat(number(silver, "inserted")).isZero();
        assertThat(number(silver, "already_in_silver")).isEqualTo(SAMPLE_EVENTS);
        Path both = work.resolve("both-accepted.txt");
        Files.write(both, Files.readAllLines(first));
        Files.write(both, Files.readAllLines(second), java.nio.file.StandardOpenOption.APPEND);
        String layers = cli("reconcile-layers", "--jdbc-url", jdbcUrl, "--accepted", both.toString());
        assertThat(layers)
                .contains("accepted 104,960 -> Bronze 104,960 (missing 0, duplicated 0)")
                .contains("52,480 distinct GitHub events (52,480 re-sent copies)")
                .contains("Silver 52,480 + rejected 0")
                .contains("Silver holds 52,480 rows");
    }

    @Test
    @Order(4)
    void theAirflowPipelineDagLandsWhatKafkaHoldsBuildsGoldWithEveryTestPassingAndASecondRunChangesNothing()
            throws Exception {
        Path third = inject("third");
        Path all = work.resolve("all-accepted.txt");
        Files.write(all, Files.readAllLines(work.resolve("both-accepted.txt")));
        Files.write(all, Files.readAllLines(third), java.nio.file.StandardOpenOption.APPEND);
        // scripts/airflow.sh reads the running stack's settings from DATA_DIR, as after `make up`
        writeStackEnv();
        airflow(Duration.ofMinutes(5), "prepare");

        // bronze_catch_up -> silver -> one task per dbt model and test -> source_freshness and gold_metrics; exit 0
        // only if all passed. gold_metrics pushes to a real Pushgateway what make gold pushes.
        String firstRun;
        try (PushgatewayServer pushgateway = PushgatewayServer.startForTest(work.resolve("pushgateway.log"))) {
            env.put("PUSHGATEWAY_URL", pushgateway.url());
            firstRun = airflow(Duration.ofMinutes(30), "cli", "dags", "test", "github_events_pipeline");
            assertGoldPushedItsSuccessAndTheNewestEventOfSilver(pushgateway);
        } finally {
            env.remove("PUSHGATEWAY_URL");
        }

        assertThat(firstRun).containsPattern("DagRun Finished: dag_id=github_events_pipeline, .* state=success");
        String layers = cli("reconcile-layers", "--jdbc-url", jdbcUrl, "--accepted", all.toString());
        assertThat(layers)
                .contains("accepted 157,440 -> Bronze 157,440 (missing 0, duplicated 0)")
                .contains("Silver holds 52,480 rows")
                .contains("Gold events per type and day = Silver")
                .contains("RECONCILED");
        Map<String, Long> gold = goldRowCounts();
        assertThat(gold).allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());

        String secondRun = airflow(Duration.ofMinutes(30), "cli", "dags", "test", "github_events_pipeline");

        assertThat(secondRun).containsPattern("DagRun Finished: dag_id=github_events_pipeline, .* state=success");
        assertThat(cli("reconcile-layers", "--jdbc-url", jdbcUrl, "--accepted", all.toString()))
                .isEqualTo(layers);
        assertThat(goldRowCounts()).isEqualTo(gold);
    }

    @Test
    @Order(5)
    void theAirflowUiShowsTheLastPipelineRunGreenInItsGridView() throws Exception {
        int port = ServiceProcess.freePort();
        Map<String, String> apiEnv = new HashMap<>(env);
        apiEnv.put("AIRFLOW_PORT", Integer.toString(port));
        URI url = URI.create("http://127.0.0.1:" + port);
        try (ServiceProcess api = ServiceProcess.start(
                work.resolve("airflow-api-server.log"),
                apiEnv,
                List.of("scripts/airflow.sh", "cli", "api-server", "--host", "127.0.0.1", "--port", "" + port))) {
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> status(url + "/api/v2/monitor/health") == 200);
            try (AirflowUi ui = AirflowUi.open(url)) {
                ui.logIn(
                        "admin",
                        Files.readString(work.resolve("airflow/admin-password")).strip());

                WebElement latestRun = ui.latestRunBadge("github_events_pipeline");

                assertThat(latestRun.getAttribute("aria-label")).isEqualTo("success");
                int[] rgb = ui.backgroundRgb(latestRun);
                assertThat(rgb[1])
                        .as("green in the badge's colour %s", java.util.Arrays.toString(rgb))
                        .isGreaterThan(rgb[0] + 40)
                        .isGreaterThan(rgb[2] + 40);
                ui.awaitGridRow("source_freshness");
                ui.screenshot(Path.of("target/screenshots/airflow-grid-github_events_pipeline.png"));
            }
        }
    }

    @Test
    @Order(6)
    void theSilverMaintenanceDagCompactsManySmallFilesAndKeepsEveryRow() throws Exception {
        String catalog = env.getOrDefault("ICEBERG_CATALOG", "lakehouse");
        // the many small files a day of frequent Silver runs leaves, made here by rewriting every file of Silver into
        // ~256 KB pieces: the same rows, laid out as a badly fragmented table
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("CALL " + catalog + ".system.rewrite_data_files(table => 'silver.github_events',"
                    + " options => map('rewrite-all', 'true', 'target-file-size-bytes', '262144'))");
        }
        String layersBefore = reconcileEverything();
        TableFiles before = silverFiles();
        assertThat(before.dataFiles()).as("data files after fragmenting Silver").isGreaterThanOrEqualTo(20);

        // the DAG as the scheduler runs it: the silver-daily preset (z-order) in the silver_table pool, default params
        String run = airflow(Duration.ofMinutes(20), "cli", "dags", "test", "maintenance_silver_by_day");

        assertThat(run).containsPattern("DagRun Finished: dag_id=maintenance_silver_by_day, .* state=success");
        TableFiles after = silverFiles();
        assertThat(after.rows()).isEqualTo(before.rows()).isEqualTo(SAMPLE_EVENTS);
        assertThat(after.dataFiles())
                .as("data files before %d, after %d", before.dataFiles(), after.dataFiles())
                .isLessThanOrEqualTo(before.dataFiles() / 5);
        assertThat(reconcileEverything()).isEqualTo(layersBefore);
    }

    @Test
    @Order(7)
    void theLakehouseTourNotebookRunsHeadlessOverEveryLayerAndDrawsItsPlots() throws Exception {
        Path notebook = work.resolve("notebook/lakehouse_tour.ipynb");

        // exit 0 only if every code cell ran without error and every plot cell produced an image
        String output = ServiceProcess.run(
                work.resolve("notebook.log"),
                env,
                Duration.ofMinutes(10),
                List.of("scripts/notebook.sh", "execute", notebook.toString()));

        assertThat(output).containsPattern("executed \\d+ code cells in");
        for (String plot : List.of("plot-events-per-hour", "plot-top-repositories")) {
            Path png = work.resolve("notebook/lakehouse_tour-" + plot + ".png");
            assertThat(png).as(plot).isNotEmptyFile();
            assertThat(Files.readAllBytes(png)).as("%s is a PNG", plot).startsWith(0x89, 'P', 'N', 'G');
        }
    }

    /** Silver's live data files and the rows they hold, from its Iceberg {@code files} metadata table. */
    private static TableFiles silverFiles() throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet files = statement.executeQuery(
                        "SELECT count(*), sum(record_count) FROM silver.github_events.files WHERE content = 0")) {
            files.next();
            return new TableFiles(files.getLong(1), files.getLong(2));
        }
    }

    private record TableFiles(long dataFiles, long rows) {}

    private static String reconcileEverything() throws IOException {
        return cli(
                "reconcile-layers",
                "--jdbc-url",
                jdbcUrl,
                "--accepted",
                work.resolve("all-accepted.txt").toString());
    }

    private static void writeStackEnv() throws IOException {
        StringBuilder lines = new StringBuilder();
        stackEnv.forEach(
                (name, value) -> lines.append(name).append('=').append(value).append('\n'));
        Files.createDirectories(work.resolve("stack"));
        Files.writeString(work.resolve("stack/stack.env"), lines);
    }

    private static String airflow(Duration timeout, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("scripts/airflow.sh"));
        command.addAll(List.of(args));
        return ServiceProcess.run(work.resolve("airflow.log"), env, timeout, command);
    }

    /** The dbt-gold group the DAG's gold_metrics task pushed: a success, no failed test, Silver's newest event. */
    private static void assertGoldPushedItsSuccessAndTheNewestEventOfSilver(PushgatewayServer pushgateway)
            throws Exception {
        Map<String, Double> gold = new java.util.TreeMap<>();
        for (String line : pushgateway.get("/metrics").split("\n")) {
            Matcher m = Pattern.compile("^([a-z_]+)\\{(.*)} (\\S+)$").matcher(line);
            if (m.matches()
                    && m.group(2).contains("job=\"dbt-gold\"")
                    && m.group(2).contains("table=\"lakehouse.gold\"")) {
                gold.put(m.group(1), Double.parseDouble(m.group(3)));
            }
        }
        double newestInSilver;
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet row =
                        statement.executeQuery("SELECT unix_millis(max(received_at)) FROM silver.github_events")) {
            row.next();
            newestInSilver = row.getLong(1) / 1000.0;
        }
        assertThat(gold)
                .as("the dbt-gold group on the Pushgateway")
                .containsKeys("lakehouse_job_last_success_timestamp_seconds", "lakehouse_job_duration_seconds")
                .containsEntry("lakehouse_dbt_tests_failed", 0.0)
                .doesNotContainKey("lakehouse_job_last_failure_timestamp_seconds");
        assertThat(gold.get("lakehouse_dbt_tests_passed"))
                .as("test tasks passed")
                .isPositive();
        // Gold took in every Silver row: its newest visible event is Silver's newest
        assertThat(gold.get("lakehouse_table_newest_received_timestamp_seconds"))
                .isCloseTo(newestInSilver, org.assertj.core.data.Offset.offset(0.0005));
    }

    /** Rows of every Gold mart, read through the SQL endpoint. */
    private static Map<String, Long> goldRowCounts() throws Exception {
        Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement()) {
            for (String mart : GOLD_MARTS) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM gold." + mart)) {
                    rows.next();
                    counts.put(mart, rows.getLong(1));
                }
            }
        }
        return counts;
    }

    private static Path inject(String run) throws Exception {
        Path accepted = work.resolve(run + "-accepted.txt");
        String summary = cli(
                "inject",
                "--url",
                collectorUrl,
                "--mode",
                "batch",
                "--batch-size",
                "500",
                "--concurrency",
                "4",
                "--accepted-out",
                accepted.toString(),
                shared.toString());
        assertThat(Files.readAllLines(accepted)).as(summary).hasSize(SAMPLE_EVENTS);
        // the collector acknowledges before Kafka has the batch: wait until it has handed everything over
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    String health = body(collectorUrl + "/health");
                    return health.contains("\"queue_size\":0") && health.contains("\"pending_events\":0");
                });
        return accepted;
    }

    private static String runJob(String module, String mainClass, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("scripts/spark-job.sh", module, mainClass));
        command.addAll(List.of(args));
        return ServiceProcess.run(work.resolve(module + ".log"), env, Duration.ofMinutes(10), command);
    }

    private static long number(String output, String field) {
        Matcher matcher =
                Pattern.compile(String.format(NUMBER.pattern(), field)).matcher(output);
        assertThat(matcher.find()).as("%s in %s", field, output).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

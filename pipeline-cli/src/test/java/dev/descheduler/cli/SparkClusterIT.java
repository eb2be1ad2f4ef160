package dev.descheduler.cli;

import static dev.descheduler.cli.CliInProcess.cli;
import static dev.descheduler.cli.LocalHttp.body;
import static dev.descheduler.cli.LocalHttp.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descheduler.localstack.LocalStack;
import dev.descheduler.localstack.LocalStackExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The jobs on a real Spark cluster, submitted exactly as Airflow's tasks submit them: a Spark standalone master and
 * worker on loopback (scripts/spark-cluster.sh, Spark from the build's Maven artifacts), and scripts/job.sh with
 * {@code SPARK_MASTER=spark://...} spark-submitting each job's thin jar with its runtime jars, Spark provided by the
 * cluster. One hour of real GH Archive events is sent twice through the collector; Bronze (available-now), Silver and
 * the silver-daily maintenance preset then run on the cluster. The tables are read back from the Iceberg catalog
 * itself (PostgreSQL and the metadata file on S3), not from what the jobs say, and the master's and the worker's JSON
 * status show that each job was an application of the cluster whose executor ran on the worker.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterIT {

    /** One hour (5,887 events): enough for several micro-batches and a real MERGE, small enough for CI's minutes. */
    private static final String SAMPLE_FILE = "gharchive-2015-01-01-5.ndjson.gz";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(8);
    private static Path work;
    private static Path sample;
    private static Map<String, String> env;
    private static Map<String, String> stackEnv;
    private static ServiceProcess collector;
    private static String collectorUrl;
    private static String masterUi;
    private static String workerUi;
    private static String masterUrl;
    private static boolean clusterStarted;
    private static long injected;

    @BeforeAll
    static void startTheCollectorAndTheCluster(LocalStack stack) throws Exception {
        Path shared = Path.of(System.getProperty("gharchive.data.dir", "../../shared/data"));
        sample = shared.resolve(SAMPLE_FILE);
        // as EndToEndIT: skip on a developer machine without the sample, fail under CI
        String missing = "GH Archive sample " + sample.toAbsolutePath() + " not found: the real events are expected"
                + " in ../shared/data beside the repository root (override with -Dgharchive.data.dir=<folder>)";
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !Files.isRegularFile(sample)) {
            fail(missing + "; CI is set, so a missing sample fails instead of skipping");
        }
        assumeTrue(Files.isRegularFile(sample), missing + "; skipped");
        Files.createDirectories(Path.of("target"));
        work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "spark-cluster-");
        stackEnv = stack.env();
        env = new HashMap<>(stackEnv);
        // the scripts keep pids, logs, the Spark home and the cluster's work folders under DATA_DIR: this test's own
        env.put("DATA_DIR", work.resolve("data").toString());
        int collectorPort = ServiceProcess.freePort();
        env.put("COLLECTOR_PORT", Integer.toString(collectorPort));
        env.put("COLLECTOR_DATA_DIR", work.resolve("collector").toString());
        env.put("KAFKA_FALLBACK_DIR", work.resolve("collector/fallback").toString());
        env.put("BATCH_MAX_TIME_S", "1");
        int masterPort = ServiceProcess.freePort();
        int masterUiPort = ServiceProcess.freePort();
        int workerUiPort = ServiceProcess.freePort();
        env.put("SPARK_MASTER_PORT", Integer.toString(masterPort));
        env.put("SPARK_MASTER_UI_PORT", Integer.toString(masterUiPort));
        env.put("SPARK_WORKER_UI_PORT", Integer.toString(workerUiPort));
        env.put("SPARK_WORKER_CORES", "2");
        env.put("SPARK_WORKER_MEMORY", "1g");
        masterUrl = "spark://127.0.0.1:" + masterPort;
        masterUi = "http://127.0.0.1:" + masterUiPort;
        workerUi = "http://127.0.0.1:" + workerUiPort;
        // the launcher's switch: any master that is not local[...] is spark-submitted to
        env.put("SPARK_MASTER", masterUrl);
        env.put("SPARK_DRIVER_MEMORY", "1g");
        env.put(
                "SPARK_SUBMIT_ARGS",
                "--executor-memory 1g --total-executor-cores 2 --conf spark.sql.shuffle.partitions=4"
                        + " --conf spark.ui.enabled=false");
        // no Pushgateway here: the jobs skip their push
        env.put("PUSHGATEWAY_URL", "");
        // the Spark this test proves is the build's (scripts/spark-submit.sh), not one installed on the machine
        env.put("PATH", pathWithoutSparkSubmit(System.getenv("PATH")));
        collectorUrl = "http://127.0.0.1:" + collectorPort;

        collector = ServiceProcess.start(
                work.resolve("collector.log"),
                env,
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-jar",
                        ServiceProcess.ROOT
                                .resolve("collector-service/target/collector-service.jar")
                                .toString()));
        clusterStarted = true;
        String started = cluster("start");
        assertThat(started).contains("Spark master " + masterUrl);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> status(collectorUrl + "/health/readiness") == 200);
    }

    @AfterAll
    static void stopTheClusterAndTheCollector() throws Exception {
        try {
            if (clusterStarted) {
                cluster("stop");
            }
        } finally {
            if (collector != null) {
                collector.close();
            }
        }
    }

    @Test
    @Order(1)
    void bronzeSubmittedToTheClusterLandsEveryEventSentTwice() throws Exception {
        // a client that retries resends: the same hour twice, so Bronze holds every copy and Silver must deduplicate
        injected = inject("first") + inject("second");

        String bronze = job("bronze");

        assertThat(bronze)
                .contains("submitting with the build's Spark 3.5")
                .contains("Connected to Spark cluster with app ID")
                .contains("bronze: wrote " + injected + " rows");
        assertThat(currentRecords("bronze", "github_events")).isEqualTo(injected);
    }

    @Test
    @Order(2)
    void silverSubmittedToTheClusterKeepsOneRowPerGitHubEventId() throws Exception {
        long distinctIds = distinctGitHubIds(sample);

        JsonNode silver = lastJsonLine(job("silver"));

        assertThat(silver.get("bronze_rows").asLong()).isEqualTo(injected);
        assertThat(silver.get("inserted").asLong()).isEqualTo(distinctIds);
        assertThat(silver.get("rejected").asLong()).isZero();
        assertThat(currentRecords("silver", "github_events")).isEqualTo(distinctIds);
    }

    @Test
    @Order(3)
    void aMaintenancePresetSubmittedToTheClusterReportsEveryTaskAndChangesNoRows() throws Exception {
        long silverRows = currentRecords("silver", "github_events");

        JsonNode report = lastJsonLine(job("maintain", "--preset=silver-daily"));

        assertThat(report.get("selection").asText()).isEqualTo("silver-daily");
        assertThat(report.get("mode").asText()).isEqualTo("apply");
        List<JsonNode> tasks = new ArrayList<>();
        report.get("tasks").forEach(tasks::add);
        assertThat(tasks)
                .filteredOn(t -> t.get("table").asText().endsWith("silver.github_events"))
                .extracting(t -> t.get("task").asText())
                .containsExactly("rewrite_data_files", "rewrite_position_delete_files");
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.get("status").asText()).as(t.toString()).isIn("done", "skipped");
            assertThat(t.get("after").get("records").asLong())
                    .as(t.toString())
                    .isEqualTo(t.get("before").get("records").asLong());
        });
        assertThat(currentRecords("silver", "github_events")).isEqualTo(silverRows);
    }

    @Test
    @Order(4)
    void everyJobWasAFinishedApplicationOfTheMasterWhoseExecutorRanOnTheWorker() {
        // the worker lists an executor as finished once its process has exited, a moment after the driver's exit
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    JsonNode master = JSON.readTree(body(masterUi + "/json/"));
                    JsonNode worker = JSON.readTree(body(workerUi + "/json/"));

                    assertThat(master.get("aliveworkers").asInt()).isEqualTo(1);
                    Map<String, String> applications = new HashMap<>();
                    master.get("completedapps").forEach(app -> {
                        assertThat(app.get("state").asText()).as(app.toString()).isEqualTo("FINISHED");
                        applications.put(app.get("id").asText(), app.get("name").asText());
                    });
                    assertThat(applications.values())
                            .containsExactlyInAnyOrder("bronze-streaming-job", "silver-batch-job", "maintenance-jobs");
                    Set<String> ranOnTheWorker = new HashSet<>();
                    worker.get("finishedexecutors")
                            .forEach(e -> ranOnTheWorker.add(e.get("appid").asText()));
                    assertThat(ranOnTheWorker).containsAll(applications.keySet());
                });
    }

    /** Runs a job through the launcher Airflow uses; fails with its output when it exits non-zero. */
    private static String job(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("scripts/job.sh"));
        command.addAll(List.of(args));
        return ServiceProcess.run(work.resolve(args[0] + ".log"), env, JOB_TIMEOUT, command);
    }

    private static String cluster(String action) throws Exception {
        return ServiceProcess.run(
                work.resolve("spark-cluster.log"),
                env,
                Duration.ofMinutes(3),
                List.of("scripts/spark-cluster.sh", action));
    }

    /** Sends the sample through the collector with the CLI's inject and waits until Kafka has every batch. */
    private static long inject(String run) throws Exception {
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
                "2",
                "--accepted-out",
                accepted.toString(),
                sample.toString());
        long count = Files.readAllLines(accepted).size();
        assertThat(count).as(summary).isEqualTo(lines(sample));
        // the collector acknowledges before Kafka has the batch: wait until it has handed everything over
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    String health = body(collectorUrl + "/health");
                    return health.contains("\"queue_size\":0") && health.contains("\"pending_events\":0");
                });
        return count;
    }

    /**
     * The row count of a table's current snapshot, from the catalog's own records: the metadata file PostgreSQL
     * points at, read from S3.
     */
    private static long currentRecords(String namespace, String table) throws Exception {
        String location;
        try (Connection connection = DriverManager.getConnection(
                        stackEnv.get("ICEBERG_JDBC_URL"),
                        stackEnv.get("ICEBERG_JDBC_USER"),
                        stackEnv.get("ICEBERG_JDBC_PASSWORD"));
                PreparedStatement query = connection.prepareStatement(
                        "SELECT metadata_location FROM iceberg_tables WHERE table_namespace = ? AND table_name = ?")) {
            query.setString(1, namespace);
            query.setString(2, table);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next())
                        .as("%s.%s in the catalog", namespace, table)
                        .isTrue();
                location = rows.getString(1);
            }
        }
        URI uri = URI.create(location);
        JsonNode metadata;
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(stackEnv.get("MINIO_ENDPOINT")))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        stackEnv.get("MINIO_ROOT_USER"), stackEnv.get("MINIO_ROOT_PASSWORD"))))
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            metadata = JSON.readTree(s3.getObjectAsBytes(
                            b -> b.bucket(uri.getHost()).key(uri.getPath().substring(1)))
                    .asInputStream());
        }
        long current = metadata.get("current-snapshot-id").asLong();
        for (JsonNode snapshot : metadata.get("snapshots")) {
            if (snapshot.get("snapshot-id").asLong() == current) {
                return snapshot.get("summary").get("total-records").asLong();
            }
        }
        throw new AssertionError("no current snapshot in " + location);
    }

    private static long distinctGitHubIds(Path file) throws IOException {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(line -> {
                        try {
                            return JSON.readTree(line).get("id").asText();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.toSet())
                    .size();
        }
    }

    private static long lines(Path file) throws IOException {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> !l.isBlank()).count();
        }
    }

    private static JsonNode lastJsonLine(String output) throws IOException {
        String last = output.lines()
                .filter(l -> l.startsWith("{"))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no JSON line in the job's output:\n" + output));
        return JSON.readTree(last);
    }

    /** PATH without the folders that hold a spark-submit, so that the launcher falls back to the build's. */
    private static String pathWithoutSparkSubmit(String path) {
        return Arrays.stream(path.split(":"))
                .filter(dir -> !Files.isExecutable(Path.of(dir, "spark-submit")))
                .collect(Collectors.joining(":"));
    }
}

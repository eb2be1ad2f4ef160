package dev.descheduler.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.descheduler.events.EventsWithoutRepository;
import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.WriterLock;
import dev.descheduler.localstack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Kafka → Bronze against real Kafka, S3 and PostgreSQL with real GH Archive events. The tests build on each other
 * (one stack, one topic, one table, one SparkSession) and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BronzeStreamingIT {

    private static final String TOPIC = "github_events_avro";
    private static final String EVENTS = "lakehouse.bronze.github_events";
    private static final String QUARANTINE = "lakehouse.bronze.github_events_quarantine";

    private static LocalStack stack;
    private static Path dataDir;
    private static Map<String, String> env;
    private static SparkSession spark;
    private static BatchProducer producer;
    private static RealEvents events;
    private static final List<BatchProducer.Sent> sent = new ArrayList<>();

    private static long firstRunSnapshot;
    private static long firstRunCommittedMillis;

    @BeforeAll
    static void startStackAndSpark() throws Exception {
        events = RealEvents.load(7_400);
        Files.createDirectories(Path.of("target"));
        dataDir = Files.createTempDirectory(Path.of("target"), "bronze-it-");
        stack = LocalStack.builder()
                .dataDir(dataDir.resolve("stack"))
                .ephemeralPorts()
                .postgresWithoutFsyncForTests()
                .build()
                .start();
        env = new HashMap<>(stack.env());
        env.put("KAFKA_TOPIC", TOPIC);
        LakehouseSettings lakehouse = LakehouseSettings.from(Environment.of(env));
        spark = LakehouseSession.create(lakehouse, "bronze-streaming-it", Map.of("spark.ui.enabled", "false"));
        producer = new BatchProducer(stack.kafka().bootstrapServers(), TOPIC, 3);
    }

    @AfterAll
    static void stopAll() {
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
    void availableNowLandsEveryEventOnceWithItsKafkaLineage() throws Exception {
        for (int i = 0; i < 5; i++) {
            sent.add(producer.send(events.take(500)));
        }
        // GitHub's repository-less event types (none in the 2015 sample) ride in the last batch
        List<GitHubEvent> last = new ArrayList<>(events.take(500 - EventsWithoutRepository.TYPES.size()));
        last.addAll(RealEvents.decode(EventsWithoutRepository.lines()));
        sent.add(producer.send(last));

        BronzeRunReport report = runAvailableNow();

        assertThat(report.rowsWritten()).isEqualTo(3_000L);
        assertThat(report.messagesQuarantined()).isZero();
        assertThat(count(EVENTS)).isEqualTo(3_000L);
        assertThat(count("(SELECT DISTINCT ingest_id FROM " + EVENTS + ")")).isEqualTo(3_000L);
        assertLineageMatchesWhatWasSent();
        assertThat(spark.sql("SELECT type FROM " + EVENTS + " WHERE repo IS NULL")
                        .collectAsList())
                .extracting(row -> row.getString(0))
                .containsExactlyInAnyOrderElementsOf(EventsWithoutRepository.TYPES);
        Row lastSnapshot = spark.sql("SELECT snapshot_id, committed_at FROM " + EVENTS
                        + ".snapshots ORDER BY committed_at DESC LIMIT 1")
                .first();
        firstRunSnapshot = lastSnapshot.getLong(0);
        firstRunCommittedMillis = lastSnapshot.getTimestamp(1).getTime();
    }

    @Test
    @Order(2)
    void quarantinesACorruptMessageAndLandsTheMessagesAroundIt() throws Exception {
        sent.add(producer.send(events.take(250)));
        byte[] corrupt = "{\"not\":\"an avro container file\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        BatchProducer.Sent bad = producer.sendCorrupt(corrupt);
        sent.add(producer.send(events.take(250)));

        BronzeRunReport report = runAvailableNow();

        assertThat(report.rowsWritten()).isEqualTo(500L);
        assertThat(report.messagesQuarantined()).isEqualTo(1L);
        assertThat(count(EVENTS)).isEqualTo(3_500L);
        List<Row> quarantined = spark.sql("SELECT raw_value, error, kafka_topic, kafka_partition, kafka_offset,"
                        + " batch_id, quarantined_at FROM " + QUARANTINE)
                .collectAsList();
        assertThat(quarantined).hasSize(1);
        Row row = quarantined.get(0);
        assertThat((byte[]) row.get(0)).isEqualTo(corrupt);
        assertThat(row.getString(1)).startsWith("not a readable Avro container file");
        assertThat(row.getString(2)).isEqualTo(TOPIC);
        assertThat(row.getInt(3)).isEqualTo(bad.partition());
        assertThat(row.getLong(4)).isEqualTo(bad.offset());
        assertThat(row.getString(5)).isEqualTo(bad.batchId());
        assertThat(row.getTimestamp(6)).isNotNull();
        assertLineageMatchesWhatWasSent();
    }

    @Test
    @Order(3)
    void aRunWithNothingNewCommitsNothing() throws Exception {
        long snapshots = count(EVENTS + ".snapshots");

        BronzeRunReport report = runAvailableNow();

        assertThat(report.rowsWritten()).isZero();
        assertThat(count(EVENTS + ".snapshots")).isEqualTo(snapshots);
        assertThat(count(EVENTS)).isEqualTo(3_500L);
    }

    @Test
    @Order(4)
    void refusesASecondWriterAndLosesNothingWhenTheDriverIsKilledMidStream() throws Exception {
        for (int i = 0; i < 20; i++) {
            sent.add(producer.send(events.take(150)));
        }
        long before = count(EVENTS);
        Map<String, String> streaming = new HashMap<>(env);
        streaming.put("BRONZE_TRIGGER_INTERVAL", "1s");
        streaming.put("BRONZE_METRICS_PORT", "0");
        streaming.put("BRONZE_MAX_OFFSETS_PER_TRIGGER", "1");
        BronzeJobProcess job = BronzeJobProcess.start(streaming, dataDir.resolve("bronze-stream.log"));

        // generous: on the shared 2-core machine a Spark start alone has taken minutes
        await().atMost(Duration.ofMinutes(8))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the Bronze job exited", () -> !job.isAlive())
                .until(() -> count(EVENTS) >= before + 150);
        assertThatThrownBy(this::runAvailableNow)
                .hasMessageContaining("another writer holds s3a://warehouse/checkpoints/bronze")
                .hasMessageContaining("bronze-streaming-job pid");
        Thread.sleep(ThreadLocalRandom.current().nextLong(200, 1_500));
        assertThat(job.isAlive())
                .as("job still streaming when killed:\n%s", job.logTail())
                .isTrue();
        job.kill();
        long atKill = count(EVENTS);
        assertThat(atKill).as("killed mid-stream, before it caught up").isLessThan(before + 3_000);

        for (int i = 0; i < 4; i++) {
            sent.add(producer.send(events.take(100)));
        }
        awaitLockReleased();
        BronzeRunReport report = runAvailableNow();

        long expected = sent.stream().mapToLong(BatchProducer.Sent::events).sum();
        assertThat(expected).isEqualTo(6_900L);
        assertThat(count(EVENTS)).isEqualTo(expected);
        assertThat(count("(SELECT DISTINCT ingest_id FROM " + EVENTS + ")")).isEqualTo(expected);
        assertThat(report.rowsWritten()).isEqualTo(expected - atKill);
        assertThat(count(QUARANTINE)).isEqualTo(1L);
        assertLineageMatchesWhatWasSent();
        assertNoDataFileCommittedTwice();
    }

    @Test
    @Order(5)
    void travelsBackToTheFirstRunByVersionAndByTimestamp() {
        assertThat(spark.sql("SELECT count(*) FROM " + EVENTS + " VERSION AS OF " + firstRunSnapshot)
                        .first()
                        .getLong(0))
                .isEqualTo(3_000L);
        String at = java.time.Instant.ofEpochMilli(firstRunCommittedMillis).toString();
        assertThat(spark.sql("SELECT count(*) FROM " + EVENTS + " TIMESTAMP AS OF '" + at + "'")
                        .first()
                        .getLong(0))
                .isEqualTo(3_000L);
        assertThat(count(EVENTS)).isGreaterThan(3_000L);
    }

    @Test
    @Order(6)
    void runsFromTheCommandLinePrintsWhatItWroteAndExitsZero() throws Exception {
        sent.add(producer.send(events.take(120)));
        sent.add(producer.send(events.take(80)));

        BronzeJobProcess job =
                BronzeJobProcess.start(env, dataDir.resolve("bronze-available-now.log"), "--available-now");

        assertThat(job.awaitExit(Duration.ofMinutes(8))).as(job.logTail()).isZero();
        assertThat(job.log())
                .contains("bronze: wrote 200 rows to lakehouse.bronze.github_events (commits: 1), quarantined 0"
                        + " messages to lakehouse.bronze.github_events_quarantine (commits: 1)");
        assertThat(count(EVENTS)).isEqualTo(7_100L);
    }

    @Test
    @Order(7)
    void exitsNonZeroWithTheReasonOnABadSetting() throws Exception {
        Map<String, String> bad = new HashMap<>(env);
        bad.put("BRONZE_TRIGGER_INTERVAL", "soon");

        BronzeJobProcess job = BronzeJobProcess.start(bad, dataDir.resolve("bronze-bad-setting.log"));

        assertThat(job.awaitExit(Duration.ofMinutes(4))).isEqualTo(1);
        assertThat(job.log())
                .contains("bronze-streaming-job failed: BRONZE_TRIGGER_INTERVAL must be a positive duration");
    }

    @Test
    @Order(8)
    void bronzeStreamScriptSaysRunningOnlyOnceBothQueriesFinishedAMicroBatch() throws Exception {
        Map<String, String> script = scriptEnv("stream");
        // generous: on the shared 2-core machine Spark's start and a first micro-batch have taken over 5 minutes
        script.put("BRONZE_READY_TIMEOUT_S", "900");

        Script started = Script.run(script, "scripts/bronze-stream.sh");

        assertThat(started.exit()).as(started.output()).isZero();
        assertThat(started.output()).contains("Bronze stream running (pid ");
        // the port the stream serves /metrics on, and Prometheus's target for it, written from that port
        Path portFile = Path.of(script.get("DATA_DIR"), "run", "bronze-stream.metrics-port");
        int metricsPort = Integer.parseInt(Files.readString(portFile).trim());
        assertThat(started.output()).contains("metrics on http://127.0.0.1:" + metricsPort + "/metrics");
        assertThat(Files.readString(
                        Path.of(script.get("DATA_DIR"), "monitoring", "prometheus", "targets", "bronze-stream.json")))
                .contains("\"127.0.0.1:" + metricsPort + "\"");
        assertThat(httpGet("http://127.0.0.1:" + metricsPort + "/metrics")).contains("bronze_stream_triggers_total");
        Path log = Path.of(script.get("DATA_DIR"), "logs", "bronze-stream.log");
        assertThat(Files.readString(log))
                .as("the job's log when the script said running")
                .contains(BronzeStreamWriter.READY_MARKER + " [bronze_github_events, bronze_github_events_quarantine]");
        long pid = Long.parseLong(Files.readString(Path.of(script.get("DATA_DIR"), "run", "bronze-stream.pid"))
                .trim());
        ProcessHandle stream = ProcessHandle.of(pid).orElseThrow();
        // the JVM runs from its own copy of the jars, so a rebuild meanwhile cannot swap them under it
        // (ProcessHandle.Info has no arguments for a command line this long, so read it where Linux keeps it)
        String commandLine = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))
                .replace('\0', ' ');
        assertThat(commandLine).contains(" -cp " + script.get("DATA_DIR") + "/run/jars/bronze-streaming-job.");
        Script status = Script.run(script, "scripts/status.sh");
        assertThat(status.output()).contains("bronze-stream: running (pid " + pid + "), log " + log);
        // events arriving while the stream runs, so `make down` may stop it in the middle of a micro-batch
        String streamEvents = "lakehouse.bronze_script.github_events";
        long before = count(streamEvents);
        for (int i = 0; i < 6; i++) {
            sent.add(producer.send(events.take(50)));
        }
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> count(streamEvents) > before);

        Script down = Script.run(script, "scripts/down.sh");

        assertThat(down.exit()).as(down.output()).isZero();
        assertThat(down.output()).contains("stopped bronze-stream").doesNotContain("did not stop within");
        assertThat(stream.isAlive()).isFalse();
        assertThat(portFile)
                .as("stopped on purpose: no target left for Prometheus")
                .doesNotExist();
        // SIGTERM stops the queries before Spark stops its context under them: an ordinary stop, not a failure
        assertThat(Files.readString(log))
                .contains("bronze-streaming-job stopped on request")
                .doesNotContain("Cannot call methods on a stopped SparkContext")
                .doesNotContain("bronze-streaming-job failed");
        awaitLockReleased(script.get("BRONZE_CHECKPOINT_LOCATION"));
        // what the stopped stream had not committed, the next run from its checkpoint takes in: every event once
        BronzeStreamingJob.run(spark, BronzeSettings.from(Environment.of(script), List.of("--available-now")));
        long expected = sent.stream().mapToLong(BatchProducer.Sent::events).sum();
        assertThat(count(streamEvents)).isEqualTo(expected);
        assertThat(count("(SELECT DISTINCT ingest_id FROM " + streamEvents + ")"))
                .isEqualTo(expected);
    }

    @Test
    @Order(9)
    void bronzeStreamScriptFailsWithTheJobsErrorWhenTheJobStopsBeforeItsFirstMicroBatch() throws Exception {
        Map<String, String> script = scriptEnv("no-catalog");
        // nothing listens there: the job cannot take its writer lock in the catalog database and exits
        script.put("ICEBERG_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/iceberg");

        Script result = Script.run(script, "scripts/bronze-stream.sh");

        assertThat(result.exit()).as(result.output()).isEqualTo(1);
        assertThat(result.output())
                .contains("error: the Bronze stream exited before its first micro-batch")
                .contains("bronze-streaming-job failed");
        assertThat(Path.of(script.get("DATA_DIR"), "run", "bronze-stream.pid")).doesNotExist();
    }

    @Test
    @Order(10)
    void bronzeStreamScriptStopsAJobThatIsNotReadyInTime() throws Exception {
        Map<String, String> script = scriptEnv("too-slow");
        script.put("BRONZE_READY_TIMEOUT_S", "1");

        Script result = Script.run(script, "scripts/bronze-stream.sh");

        assertThat(result.exit()).as(result.output()).isEqualTo(1);
        assertThat(result.output())
                .contains("had not finished a first micro-batch after 1s")
                .contains("stopped bronze-stream");
        assertThat(Path.of(script.get("DATA_DIR"), "run", "bronze-stream.pid")).doesNotExist();
    }

    /** The environment `make bronze-stream` would see, with a data folder, checkpoint and namespace of its own. */
    private static Map<String, String> scriptEnv(String name) throws java.io.IOException {
        Map<String, String> script = new HashMap<>(env);
        script.put(
                "DATA_DIR",
                Files.createDirectories(dataDir.resolve("scripts-" + name))
                        .toAbsolutePath()
                        .toString());
        script.put("BRONZE_NAMESPACE", "bronze_script");
        script.put("BRONZE_CHECKPOINT_LOCATION", "s3a://warehouse/checkpoints/bronze-script");
        script.put("BRONZE_TRIGGER_INTERVAL", "2s");
        script.put("SPARK_DRIVER_MEMORY", "768m");
        // any free port: 9102 may be taken by a stream of `make bronze-stream` on this machine
        script.put("BRONZE_METRICS_PORT", "0");
        return script;
    }

    private static String httpGet(String url) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** An operator script run from the repository root with only {@code env} (plus PATH and HOME) to its end. */
    private record Script(int exit, String output) {
        static Script run(Map<String, String> env, String command) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(Path.of("..").toAbsolutePath().normalize().toFile())
                    .redirectErrorStream(true);
            builder.environment().keySet().retainAll(List.of("PATH", "HOME", "USER", "LANG", "JAVA_HOME"));
            builder.environment().putAll(env);
            Process process = builder.start();
            String output =
                    new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish:\n" + output);
            }
            return new Script(process.exitValue(), output);
        }
    }

    private BronzeRunReport runAvailableNow() throws Exception {
        BronzeSettings settings = BronzeSettings.from(Environment.of(env), List.of("--available-now"));
        return BronzeStreamingJob.run(spark, settings);
    }

    private static long count(String relation) {
        return spark.sql("SELECT count(*) FROM " + relation).first().getLong(0);
    }

    /** Every valid message landed as exactly its events, under its own topic, partition, offset and batch id. */
    private static void assertLineageMatchesWhatWasSent() {
        Map<String, String> expected = new HashMap<>();
        for (BatchProducer.Sent s : sent) {
            if (s.events() > 0) {
                expected.put(s.batchId(), TOPIC + "/" + s.partition() + "/" + s.offset() + "/" + s.events());
            }
        }
        Map<String, String> actual = new HashMap<>();
        for (Row row : spark.sql("SELECT batch_id, kafka_topic, kafka_partition, kafka_offset, count(*) FROM " + EVENTS
                        + " GROUP BY 1, 2, 3, 4")
                .collectAsList()) {
            actual.put(
                    row.getString(0),
                    row.getString(1) + "/" + row.getInt(2) + "/" + row.getLong(3) + "/" + row.getLong(4));
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static void assertNoDataFileCommittedTwice() {
        assertThat(spark.sql("SELECT data_file.file_path FROM " + EVENTS + ".all_entries WHERE status = 1"
                                + " GROUP BY 1 HAVING count(*) > 1")
                        .collectAsList())
                .as("data files added by more than one commit")
                .isEmpty();
        assertThat(count(EVENTS + ".files")).isEqualTo(count("(SELECT DISTINCT file_path FROM " + EVENTS + ".files)"));
        assertThat(spark.sql("SELECT sum(record_count) FROM " + EVENTS + ".files")
                        .first()
                        .getLong(0))
                .isEqualTo(count(EVENTS));
    }

    private static void awaitLockReleased() {
        awaitLockReleased("s3a://warehouse/checkpoints/bronze");
    }

    private static void awaitLockReleased(String checkpoint) {
        LakehouseSettings lakehouse = LakehouseSettings.from(Environment.of(env));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            WriterLock.acquire(lakehouse, checkpoint, "it-probe").close();
            return true;
        });
    }
}

package dev.descheduler.bronze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.localstack.LocalStack;
import dev.descheduler.localstack.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Iceberg features Bronze relies on, shown on real Kafka, S3 and PostgreSQL with real GH Archive events: schema
 * evolution of the envelope, and ACID commits while a maintenance rewrite commits to the same table. Each test has
 * its own topic, Bronze namespace and checkpoint.
 */
@ExtendWith(LocalStackExtension.class)
class BronzeIcebergFeaturesIT {

    private static LocalStack stack;
    private static SparkSession spark;
    private static RealEvents events;
    private static Path logDir;

    @BeforeAll
    static void startSpark(LocalStack localStack) throws Exception {
        stack = localStack;
        events = RealEvents.load(5_600);
        logDir = Files.createTempDirectory(Path.of("target"), "bronze-features-it-");
        LakehouseSettings lakehouse = LakehouseSettings.from(Environment.of(stack.env()));
        spark = LakehouseSession.create(lakehouse, "bronze-features-it", Map.of("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void aNewOptionalEnvelopeFieldBecomesAColumnWhenOnlyTheJobIsRestartedWithIt() throws Exception {
        Map<String, String> env = envFor("evolution");
        String table = "lakehouse.bronze_evolution.github_events";
        List<BatchProducer.Sent> sent = new ArrayList<>();
        try (BatchProducer producer = new BatchProducer(stack.kafka().bootstrapServers(), "evolution", 2)) {
            // 1. producers and the job on envelope v1
            for (int i = 0; i < 3; i++) {
                sent.add(producer.send(events.take(200)));
            }
            assertThat(runAvailableNow(env, GitHubEvent.getClassSchema()).rowsWritten())
                    .isEqualTo(600L);

            // 2. producers switch to v2; the v1 job lands their batches without the new field (forward compatible)
            List<String> landedByV1Job = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                List<GitHubEvent> batch = events.take(200);
                batch.forEach(e -> landedByV1Job.add(e.getIngestId()));
                sent.add(producer.sendAsV2(batch));
            }
            assertThat(runAvailableNow(env, GitHubEvent.getClassSchema()).rowsWritten())
                    .isEqualTo(400L);
            assertThat(spark.table(table).columns()).doesNotContain(EnvelopeV2.DELIVERY_ID);
            long beforeV2Job = snapshotId(table);

            // 3. the job restarted as its v2 version on the same checkpoints; some producers are still on v1
            List<String> v2Events = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                List<GitHubEvent> batch = events.take(200);
                batch.forEach(e -> v2Events.add(e.getIngestId()));
                sent.add(producer.sendAsV2(batch));
            }
            sent.add(producer.send(events.take(100)));
            BronzeRunReport v2Run = runAvailableNow(env, EnvelopeV2.schema());

            assertThat(v2Run.rowsWritten()).isEqualTo(500L);
            assertThat(v2Run.messagesQuarantined()).isZero();
            List<String> columns = List.of(spark.table(table).columns());
            assertThat(columns.indexOf(EnvelopeV2.DELIVERY_ID))
                    .as("the new column sits after the envelope's other columns, before the lineage: %s", columns)
                    .isEqualTo(columns.indexOf("extra_fields") + 1)
                    .isEqualTo(columns.indexOf("kafka_topic") - 1);
            assertThat(count(table)).isEqualTo(1_500L);
            assertThat(count("(SELECT DISTINCT ingest_id FROM " + table + ")")).isEqualTo(1_500L);
            assertThat(count(table + " WHERE delivery_id IS NOT NULL")).isEqualTo(400L);
            assertThat(ingestIds(table, "delivery_id = concat('delivery-', ingest_id)"))
                    .containsExactlyInAnyOrderElementsOf(v2Events);
            assertThat(ingestIds(
                            table,
                            "delivery_id IS NULL AND batch_id IN ('"
                                    + sent.get(3).batchId() + "', '"
                                    + sent.get(4).batchId() + "')"))
                    .as("v2 batches landed by the v1 job: the field was not read, the rows read null")
                    .containsExactlyInAnyOrderElementsOf(landedByV1Job);
            assertLineageMatches(table, "evolution", sent);
            // the snapshots before the change still read with the schema they were written with
            assertThat(spark.sql("SELECT * FROM " + table + " VERSION AS OF " + beforeV2Job)
                            .columns())
                    .doesNotContain(EnvelopeV2.DELIVERY_ID);
            assertThat(count(table + " VERSION AS OF " + beforeV2Job)).isEqualTo(1_000L);
        }
    }

    @Test
    void aRewriteCommittingWhileTheStreamCommitsNeitherLosesNorDuplicatesRows() throws Exception {
        Map<String, String> env = envFor("acid");
        env.put("BRONZE_TRIGGER_INTERVAL", "2s");
        env.put("BRONZE_MAX_OFFSETS_PER_TRIGGER", "1");
        String table = "lakehouse.bronze_acid.github_events";
        List<BatchProducer.Sent> sent = new ArrayList<>();
        try (BatchProducer producer = new BatchProducer(stack.kafka().bootstrapServers(), "acid", 2)) {
            for (int i = 0; i < 24; i++) {
                sent.add(producer.send(events.take(100)));
            }
            BronzeJobProcess job = BronzeJobProcess.start(env, logDir.resolve("bronze-acid.log"));
            try {
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .failFast("the Bronze job exited", () -> !job.isAlive())
                        .until(() -> spark.catalog().tableExists(table) && count(table + ".files") >= 3);

                // rewrite until one commit had to go on top of a stream commit made while it was rewriting
                List<Rewrite> rewrites = new ArrayList<>();
                while (rewrites.stream().noneMatch(Rewrite::overlapped) && rewrites.size() < 8) {
                    sent.add(producer.send(events.take(100)));
                    await().atMost(Duration.ofMinutes(1))
                            .failFast("the Bronze job exited", () -> !job.isAlive())
                            .until(() -> count(table + ".files") >= 2);
                    rewrites.add(rewrite(table));
                }
                long total = sent.stream().mapToLong(BatchProducer.Sent::events).sum();
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .failFast("the Bronze job exited", () -> !job.isAlive())
                        .until(() -> count(table) >= total);

                assertThat(rewrites)
                        .as("rewrites: %s", rewrites)
                        .allMatch(r -> r.rewrittenFiles() >= 2 && r.addedFiles() >= 1)
                        .anyMatch(Rewrite::overlapped);
                long appendsAfterFirstRewrite = count(table + ".snapshots WHERE operation = 'append' AND"
                        + " committed_at > (SELECT min(committed_at) FROM " + table + ".snapshots"
                        + " WHERE operation = 'replace')");
                assertThat(appendsAfterFirstRewrite)
                        .as("the stream kept committing")
                        .isPositive();
                assertThat(job.isAlive()).as(job.logTail()).isTrue();
                assertThat(count(table)).isEqualTo(total);
                assertThat(count("(SELECT DISTINCT ingest_id FROM " + table + ")"))
                        .isEqualTo(total);
                assertThat(count(table + ".files"))
                        .isEqualTo(count("(SELECT DISTINCT file_path FROM " + table + ".files)"));
                assertThat(spark.sql("SELECT sum(record_count) FROM " + table + ".files")
                                .first()
                                .getLong(0))
                        .as("the live data files hold each row once")
                        .isEqualTo(total);
                assertLineageMatches(table, "acid", sent);
            } finally {
                job.kill();
            }
        }
    }

    /**
     * One {@code rewrite_data_files} call: the table's current snapshot when it was called and the parent of the
     * snapshot it committed; they differ when a stream commit landed while it was rewriting.
     */
    record Rewrite(long rewrittenFiles, long addedFiles, long startedOn, long committedOnTopOf) {
        boolean overlapped() {
            return committedOnTopOf != startedOn;
        }
    }

    private static Rewrite rewrite(String table) {
        long startedOn = snapshotId(table);
        Row result = spark.sql("CALL lakehouse.system.rewrite_data_files(table => '" + table.replace("lakehouse.", "")
                        + "', options => map('min-input-files', '2'))")
                .first();
        Row replace = spark.sql("SELECT parent_id FROM " + table + ".snapshots WHERE operation = 'replace'"
                        + " ORDER BY committed_at DESC LIMIT 1")
                .first();
        return new Rewrite(result.getInt(0), result.getInt(1), startedOn, replace.getLong(0));
    }

    private static Map<String, String> envFor(String name) {
        Map<String, String> env = new HashMap<>(stack.env());
        env.put("KAFKA_TOPIC", name);
        env.put("BRONZE_NAMESPACE", "bronze_" + name);
        env.put("BRONZE_CHECKPOINT_LOCATION", "s3a://" + stack.bucket() + "/checkpoints/" + name);
        return env;
    }

    private static BronzeRunReport runAvailableNow(Map<String, String> env, Schema envelope) throws Exception {
        BronzeSettings settings = BronzeSettings.from(Environment.of(env), List.of("--available-now"));
        return BronzeStreamingJob.run(spark, settings, envelope);
    }

    private static long snapshotId(String table) {
        return spark.sql("SELECT snapshot_id FROM " + table + ".refs WHERE name = 'main'")
                .first()
                .getLong(0);
    }

    private static long count(String relation) {
        return spark.sql("SELECT count(*) FROM " + relation).first().getLong(0);
    }

    private static List<String> ingestIds(String table, String condition) {
        return spark.sql("SELECT ingest_id FROM " + table + " WHERE " + condition).collectAsList().stream()
                .map(row -> row.getString(0))
                .toList();
    }

    /** Every message landed as exactly its events, under its own topic, partition, offset and batch id. */
    private static void assertLineageMatches(String table, String topic, List<BatchProducer.Sent> sent) {
        Map<String, String> expected = new HashMap<>();
        for (BatchProducer.Sent s : sent) {
            expected.put(s.batchId(), topic + "/" + s.partition() + "/" + s.offset() + "/" + s.events());
        }
        Map<String, String> actual = new HashMap<>();
        for (Row row : spark.sql("SELECT batch_id, kafka_topic, kafka_partition, kafka_offset, count(*) FROM " + table
                        + " GROUP BY 1, 2, 3, 4")
                .collectAsList()) {
            actual.put(
                    row.getString(0),
                    row.getString(1) + "/" + row.getInt(2) + "/" + row.getLong(3) + "/" + row.getLong(4));
        }
        assertThat(actual).isEqualTo(expected);
    }
}

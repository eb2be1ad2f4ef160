package dev.descheduler.silver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.events.EventsWithoutRepository;
import dev.descheduler.events.GhArchiveSample;
import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import dev.descheduler.localstack.LocalStack;
import dev.descheduler.localstack.LocalStackExtension;
import dev.descheduler.localstack.LocalStackServers;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Silver against real PostgreSQL (Iceberg catalog) and S3, on real GH Archive events landed in Bronze: a full build,
 * incremental runs, re-sent events, a late earlier copy, and rejected rows. The tests build on each other in order,
 * as the runs of a real deployment do.
 */
@ExtendWith(LocalStackExtension.class)
@LocalStackServers({LocalStack.Server.S3, LocalStack.Server.POSTGRES})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SilverBatchJobIT {

    private static final Instant FIRST_RECEIPT = Instant.parse("2026-11-01T10:00:00Z");
    private static SparkSession spark;
    private static LakehouseSettings settings;
    private static BronzeFixture bronze;
    private static List<String> hour3;
    private static List<String> hour4;

    @BeforeAll
    static void startSpark(LocalStack stack) throws Exception {
        settings = LakehouseSettings.from(Environment.of(stack.env()));
        Map<String, String> conf = new HashMap<>(SilverBatchJob.SPARK_OVERRIDES);
        conf.put("spark.ui.enabled", "false");
        spark = LakehouseSession.create(settings, "silver-batch-job-it", conf);
        new LakehouseCatalog(spark, settings).ensure(BronzeTables.all());
        bronze = new BronzeFixture(spark, settings);
        hour3 = GhArchiveSample.hour(3);
        hour4 = GhArchiveSample.hour(4);
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    @Order(1)
    void aFullBuildHasOneTypedRowPerGitHubEvent() throws Exception {
        bronze.land(hour3, FIRST_RECEIPT);

        SilverRunReport report = SilverBatchJob.run(spark, settings);

        assertThat(report.bronzeRows()).isEqualTo(hour3.size());
        assertThat(report.rejected()).isZero();
        assertThat(report.inserted()).isEqualTo(hour3.size());
        assertThat(count("SELECT count(*), count(DISTINCT event_id) FROM silver.github_events"))
                .isEqualTo(hour3.size());
        Row push = spark.sql("SELECT event_type, push_size, push_commit_count, payload_shape, created_at"
                        + " FROM silver.github_events WHERE event_type = 'PushEvent' AND push_size > 0 LIMIT 1")
                .first();
        assertThat(push.getString(3)).isEqualTo("push_full");
        assertThat(push.getInt(1)).isPositive();
        assertThat(count("SELECT count(*) FROM silver.github_events WHERE created_date <> DATE'2015-01-01'"))
                .isZero();
        assertThat(partitionSpec()).contains("created_at_day");
        assertThat(count("SELECT count(*) FROM silver.github_events WHERE silver_loaded_at IS NULL"))
                .as("every written row carries its load time")
                .isZero();
    }

    @Test
    @Order(2)
    void aRunWithNothingNewInBronzeCommitsNothing() throws Exception {
        long before = silverSnapshotId();

        SilverRunReport report = SilverBatchJob.run(spark, settings);

        assertThat(report.bronzeRows()).isZero();
        assertThat(report.increment()).startsWith("nothing new");
        assertThat(silverSnapshotId()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void theSameEventsSentAgainChangeNothingInSilver() throws Exception {
        long before = silverSnapshotId();
        bronze.land(hour3, FIRST_RECEIPT.plusSeconds(3600));

        SilverRunReport report = SilverBatchJob.run(spark, settings);

        assertThat(report.bronzeRows()).isEqualTo(hour3.size());
        assertThat(report.alreadyInSilver()).isEqualTo(hour3.size());
        assertThat(report.inserted()).isZero();
        assertThat(silverSnapshotId()).as("no data commit").isEqualTo(before);
        assertThat(count("SELECT count(*) FROM bronze.github_events")).isEqualTo(2L * hour3.size());
        assertThat(count("SELECT count(*) FROM silver.github_events")).isEqualTo(hour3.size());
    }

    @Test
    @Order(4)
    void anIncrementalRunReadsOnlyWhatBronzeCommittedSince() throws Exception {
        String firstLoad = spark.sql("SELECT cast(max(silver_loaded_at) AS string) FROM silver.github_events")
                .first()
                .getString(0);
        bronze.land(hour4, FIRST_RECEIPT.plusSeconds(7200));

        SilverRunReport report = SilverBatchJob.run(spark, settings);

        assertThat(report.bronzeRows()).isEqualTo(hour4.size());
        assertThat(report.inserted()).isEqualTo(hour4.size());
        assertThat(count("SELECT count(DISTINCT event_id) FROM silver.github_events"))
                .isEqualTo(hour3.size() + hour4.size());
        assertThat(count("SELECT count(*) FROM silver.github_events"))
                .as("one row per event id")
                .isEqualTo(hour3.size() + hour4.size());
        assertThat(count("SELECT count(*) FROM silver.github_events WHERE silver_loaded_at > TIMESTAMP'" + firstLoad
                        + "'"))
                .as("what Gold takes in next: exactly the rows of this run")
                .isEqualTo(hour4.size());
    }

    @Test
    @Order(5)
    void aCopyReceivedEarlierButLandedLaterReplacesTheSilverRow() throws Exception {
        String eventId = spark.sql("SELECT event_id FROM silver.github_events ORDER BY event_id LIMIT 1")
                .first()
                .getString(0);
        String line = hour3.stream()
                .filter(l -> l.contains("\"id\":\"" + eventId + "\""))
                .findFirst()
                .orElseThrow();
        List<GitHubEvent> replayed = bronze.land(List.of(line), FIRST_RECEIPT.minusSeconds(600));

        String before = spark.sql("SELECT cast(max(silver_loaded_at) AS string) FROM silver.github_events")
                .first()
                .getString(0);

        SilverRunReport report = SilverBatchJob.run(spark, settings);

        assertThat(report.replacedByEarlierCopy()).isEqualTo(1);
        assertThat(spark.sql("SELECT event_id FROM silver.github_events WHERE silver_loaded_at > TIMESTAMP'" + before
                                + "'")
                        .collectAsList())
                .as("a replaced row counts as newly loaded")
                .extracting(r -> r.getString(0))
                .containsExactly(eventId);
        Row row = spark.sql(
                        "SELECT ingest_id, received_at FROM silver.github_events WHERE event_id = '" + eventId + "'")
                .collectAsList()
                .get(0);
        assertThat(row.getString(0)).isEqualTo(replayed.get(0).getIngestId());
        assertThat(count("SELECT count(*) FROM silver.github_events WHERE event_id = '" + eventId + "'"))
                .isEqualTo(1);
    }

    @Test
    @Order(6)
    void aRowThatCannotBeParsedIsRejectedOnceWithItsReason() throws Exception {
        String broken = "{\"id\":\"999000001\",\"type\":\"PushEvent\",\"actor\":{\"id\":1,\"login\":\"a\"},"
                + "\"repo\":{\"id\":2,\"name\":\"a/b\"},\"payload\":[1,2],\"created_at\":\"2015-01-01T00:00:00Z\"}";
        bronze.land(List.of(broken), FIRST_RECEIPT);

        SilverRunReport report = SilverBatchJob.run(spark, settings);
        resetWatermarkTo(previousBronzeSnapshot());
        SilverRunReport rerun = SilverBatchJob.run(spark, settings);

        assertThat(report.rejected()).isEqualTo(1);
        assertThat(rerun.rejected()).as("the increment was read again").isEqualTo(1);
        List<Row> rejected = spark.sql("SELECT event_id, event_type, reason FROM silver.github_events_rejected")
                .collectAsList();
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).getString(0)).isEqualTo("999000001");
        assertThat(rejected.get(0).getString(2)).contains("payload of PushEvent is not an object");
        assertThat(count("SELECT count(*) FROM silver.github_events WHERE event_id = '999000001'"))
                .isZero();
    }

    @Test
    @Order(7)
    void eventsWithoutARepositoryBecomeSilverRowsWithANullRepo() throws Exception {
        bronze.land(EventsWithoutRepository.lines(), FIRST_RECEIPT);

        SilverRunReport report = SilverBatchJob.run(spark, settings);

        assertThat(report.inserted()).isEqualTo(EventsWithoutRepository.TYPES.size());
        assertThat(report.rejected()).isZero();
        List<Row> rows = spark.sql("SELECT event_type, repo_id, repo_name, actor_login FROM silver.github_events"
                        + " WHERE event_type IN ('" + String.join("','", EventsWithoutRepository.TYPES) + "')")
                .collectAsList();
        assertThat(rows)
                .extracting(r -> r.getString(0))
                .containsExactlyInAnyOrderElementsOf(EventsWithoutRepository.TYPES);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.isNullAt(1)).as("repo_id of %s", r.getString(0)).isTrue();
            assertThat(r.isNullAt(2)).as("repo_name of %s", r.getString(0)).isTrue();
            assertThat(r.getString(3)).isNotBlank();
        });
    }

    @Test
    @Order(8)
    void aRedeliveredWebhookIsOneSilverRow() throws Exception {
        // what the collector's WebhookDecoder makes of a watch delivery: the X-GitHub-Delivery GUID is the id
        String delivery = "{\"id\":\"72d3162e-cc78-11e3-81ab-4c9367dc0958\",\"type\":\"WatchEvent\","
                + "\"actor\":{\"id\":21031067,\"login\":\"octocat\",\"display_login\":\"octocat\",\"type\":\"User\"},"
                + "\"repo\":{\"id\":186853002,\"name\":\"octo-org/Hello-World\",\"full_name\":\"octo-org/Hello-World\","
                + "\"private\":false},\"payload\":{\"action\":\"started\"},\"public\":true,"
                + "\"created_at\":\"2026-12-02T04:00:00Z\",\"org\":{\"id\":6811672,\"login\":\"octo-org\"}}";
        bronze.land(List.of(delivery), FIRST_RECEIPT);
        SilverBatchJob.run(spark, settings);
        bronze.land(List.of(delivery), FIRST_RECEIPT.plusSeconds(60));

        SilverRunReport redelivered = SilverBatchJob.run(spark, settings);

        assertThat(redelivered.alreadyInSilver()).isEqualTo(1);
        assertThat(count("SELECT count(*), count(DISTINCT event_id) FROM silver.github_events"
                        + " WHERE event_id = '72d3162e-cc78-11e3-81ab-4c9367dc0958'"))
                .isEqualTo(1);
    }

    private static long count(String sql) {
        Row row = spark.sql(sql).first();
        if (row.size() == 2) {
            assertThat(row.getLong(0)).as("rows equal distinct ids").isEqualTo(row.getLong(1));
        }
        return row.getLong(0);
    }

    private static long silverSnapshotId() throws Exception {
        return Spark3Util.loadIcebergTable(spark, SilverTables.EVENTS.identifier(settings))
                .currentSnapshot()
                .snapshotId();
    }

    private static String partitionSpec() throws Exception {
        return Spark3Util.loadIcebergTable(spark, SilverTables.EVENTS.identifier(settings))
                .spec()
                .toString();
    }

    private static long previousBronzeSnapshot() throws Exception {
        return Spark3Util.loadIcebergTable(spark, BronzeTables.EVENTS.identifier(settings))
                .currentSnapshot()
                .parentId();
    }

    /** As if the run had died after writing and before recording the Bronze snapshot it reached. */
    private static void resetWatermarkTo(long bronzeSnapshotId) throws Exception {
        Spark3Util.loadIcebergTable(spark, SilverTables.EVENTS.identifier(settings))
                .updateProperties()
                .set(SilverTables.BRONZE_SNAPSHOT_PROPERTY, Long.toString(bronzeSnapshotId))
                .commit();
    }
}

package dev.descheduler.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import dev.descheduler.silver.parse.SilverColumn;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One incremental Silver run: parse what Bronze committed since the last run, keep the first received copy of each
 * GitHub event, append the events Silver does not have, replace the rare row whose earlier copy arrived late, and
 * record the Bronze snapshot reached in Silver's table properties.
 *
 * <p>Every step is idempotent (rejections are keyed by ingest id, events by event id), so a run that dies half way
 * is simply run again: the snapshot is recorded last, and re-reading an increment adds nothing twice.
 */
final class SilverMerge {

    private static final Logger LOG = LoggerFactory.getLogger(SilverMerge.class);
    private static final String EXISTING_RECEIVED_AT = "existing_received_at";

    private final SparkSession spark;
    private final LakehouseSettings settings;

    SilverMerge(SparkSession spark, LakehouseSettings settings) {
        this.spark = spark;
        this.settings = settings;
    }

    SilverRunReport run() throws Exception {
        String bronzeId = BronzeTables.EVENTS.identifier(settings);
        String silverId = SilverTables.EVENTS.identifier(settings);
        String rejectedId = SilverTables.REJECTED.identifier(settings);
        new LakehouseCatalog(spark, settings).ensure(SilverTables.all());
        if (!spark.catalog().tableExists(bronzeId)) {
            return SilverRunReport.nothingNew(bronzeId + " does not exist yet: run Bronze first");
        }
        Table bronze = Spark3Util.loadIcebergTable(spark, bronzeId);
        Table silver = Spark3Util.loadIcebergTable(spark, silverId);
        OptionalLong last = lastProcessed(silver);
        Optional<BronzeIncrement> planned = BronzeIncrement.plan(bronze, last);
        if (planned.isEmpty()) {
            String why = "nothing new in " + bronzeId
                    + (last.isPresent() ? " since snapshot " + last.getAsLong() : " (no snapshot yet)");
            LOG.info("silver: {}", why);
            return SilverRunReport.nothingNew(why);
        }
        BronzeIncrement increment = planned.get();
        LOG.info("silver: reading {}", increment);

        Dataset<Row> parsed = increment
                .read(spark, bronzeId)
                .select(ParsedRows.BRONZE_COLUMNS.stream().map(Column::new).toArray(Column[]::new))
                .mapPartitions(new ParsedRows(), Encoders.row(ParsedRows.schema()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            // one pass over the parsed rows for every count the run needs, instead of a Spark job per count; the
            // distinct count shuffles one column, the dedup window all of them, so the window runs only when needed
            Column validEventId =
                    when(col(ParsedRows.REJECTION_REASON).isNull(), col(SilverColumn.EVENT_ID.columnName()));
            Row totals = parsed.agg(
                            count(lit(1)),
                            count(col(ParsedRows.REJECTION_REASON)),
                            countDistinct(validEventId),
                            min(col(SilverColumn.CREATED_AT.columnName())),
                            max(col(SilverColumn.CREATED_AT.columnName())))
                    .first();
            long bronzeRows = totals.getLong(0);
            long rejected = totals.getLong(1);
            long distinctEvents = totals.getLong(2);
            if (rejected > 0) {
                appendRejections(parsed, rejectedId, increment.toSnapshotId());
            }
            Dataset<Row> valid =
                    parsed.where(col(ParsedRows.REJECTION_REASON).isNull()).drop(ParsedRows.REJECTION_REASON);
            Dataset<Row> firstCopies = distinctEvents == bronzeRows - rejected ? valid : firstCopies(valid);
            Outcome outcome = silver.currentSnapshot() == null
                    ? firstBuild(firstCopies, silverId, distinctEvents)
                    : mergeIntoExisting(firstCopies, silverId, totals.get(3), totals.get(4));
            long inserted = outcome.inserted();
            long replaced = outcome.replaced();
            recordProcessed(silverId, increment.toSnapshotId());
            return new SilverRunReport(
                    increment.toString(),
                    bronzeRows,
                    rejected,
                    bronzeRows - rejected - distinctEvents,
                    distinctEvents - inserted - replaced,
                    inserted,
                    replaced);
        } finally {
            parsed.unpersist();
        }
    }

    /** What a run did to Silver's rows. */
    private record Outcome(long inserted, long replaced) {}

    /** Silver has no row yet: every first copy is new, nothing to compare with. */
    private static Outcome firstBuild(Dataset<Row> firstCopies, String silverId, long distinctEvents)
            throws NoSuchTableException {
        if (distinctEvents > 0) {
            stamped(firstCopies).writeTo(silverId).append();
        }
        return new Outcome(distinctEvents, 0);
    }

    /** Appends the events Silver does not have and replaces rows whose copy received earlier arrived late. */
    private Outcome mergeIntoExisting(
            Dataset<Row> firstCopies, String silverId, Object firstCreatedAt, Object lastCreatedAt)
            throws NoSuchTableException {
        Dataset<Row> compared = againstSilver(firstCopies, silverId, firstCreatedAt, lastCreatedAt)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Column isNew = col(EXISTING_RECEIVED_AT).isNull();
            Column isEarlier = col(SilverColumn.RECEIVED_AT.columnName()).lt(col(EXISTING_RECEIVED_AT));
            Row outcome = compared.agg(count(when(isNew, lit(1))), count(when(isEarlier, lit(1))))
                    .first();
            long inserted = outcome.getLong(0);
            long replaced = outcome.getLong(1);
            if (inserted > 0) {
                stamped(compared.where(isNew)).writeTo(silverId).append();
            }
            if (replaced > 0) {
                replaceWithEarlierCopies(stamped(compared.where(isEarlier)), silverId, replaced);
            }
            return new Outcome(inserted, replaced);
        } finally {
            compared.unpersist();
        }
    }

    private void appendRejections(Dataset<Row> parsed, String rejectedId, long bronzeSnapshotId)
            throws NoSuchTableException {
        Dataset<Row> rejections = parsed.where(col(ParsedRows.REJECTION_REASON).isNotNull())
                .select(
                        col(SilverColumn.INGEST_ID.columnName()).as("ingest_id"),
                        col(SilverColumn.EVENT_ID.columnName()).as("event_id"),
                        col(SilverColumn.EVENT_TYPE.columnName()).as("event_type"),
                        col(ParsedRows.REJECTION_REASON).as("reason"),
                        col(SilverColumn.RECEIVED_AT.columnName()).as("received_at"),
                        lit(bronzeSnapshotId).as("bronze_snapshot_id"),
                        current_timestamp().as("rejected_at"));
        // keyed by ingest id: a re-run of the same increment adds no rejection twice
        rejections
                .join(spark.table(rejectedId).select("ingest_id"), "ingest_id", "left_anti")
                .writeTo(rejectedId)
                .append();
        LOG.info("silver: rows rejected in this increment, see {}", rejectedId);
    }

    /** The first received copy of each event id; ingest ids are time-ordered, so they break ties. */
    private static Dataset<Row> firstCopies(Dataset<Row> valid) {
        var firstReceived = Window.partitionBy(SilverColumn.EVENT_ID.columnName())
                .orderBy(col(SilverColumn.RECEIVED_AT.columnName()), col(SilverColumn.INGEST_ID.columnName()));
        return valid.withColumn("copy_rank", row_number().over(firstReceived))
                .where(col("copy_rank").equalTo(1))
                .drop("copy_rank");
    }

    /**
     * Each first copy with the receive time of the Silver row of the same event id, if any. Silver is read only for
     * the days the increment covers: GitHub assigns an event's created_at once, so every copy has the same one.
     */
    private Dataset<Row> againstSilver(
            Dataset<Row> firstCopies, String silverId, Object firstCreatedAt, Object lastCreatedAt) {
        String createdAt = SilverColumn.CREATED_AT.columnName();
        if (firstCreatedAt == null) {
            return firstCopies.withColumn(EXISTING_RECEIVED_AT, lit(null).cast("timestamp"));
        }
        Dataset<Row> existing = spark.table(silverId)
                .where(col(createdAt).between(firstCreatedAt, lastCreatedAt))
                .select(
                        col(SilverColumn.EVENT_ID.columnName()).as("existing_event_id"),
                        col(SilverColumn.RECEIVED_AT.columnName()).as(EXISTING_RECEIVED_AT));
        return firstCopies
                .join(
                        existing,
                        firstCopies.col(SilverColumn.EVENT_ID.columnName()).equalTo(col("existing_event_id")),
                        "left_outer")
                .drop("existing_event_id");
    }

    private void replaceWithEarlierCopies(Dataset<Row> earlier, String silverId, long count) {
        earlier.createOrReplaceTempView("silver_earlier_copies");
        spark.sql("MERGE INTO " + silverId + " t USING silver_earlier_copies s ON t.event_id = s.event_id"
                + " WHEN MATCHED AND s.received_at < t.received_at THEN UPDATE SET *");
        LOG.info("silver: {} events replaced by a copy received earlier", count);
    }

    /**
     * Silver's columns with the load time of this write. current_timestamp() is fixed when a query starts, and Silver's
     * writes run one after another, so a later commit always carries a later load time.
     */
    private static Dataset<Row> stamped(Dataset<Row> rows) {
        return rows.withColumn(SilverTables.LOADED_AT_COLUMN, current_timestamp())
                .select(silverColumns());
    }

    private static Column[] silverColumns() {
        return Arrays.stream(SilverTables.EVENTS.schema().fieldNames())
                .map(Column::new)
                .toArray(Column[]::new);
    }

    private static OptionalLong lastProcessed(Table silver) {
        String value = silver.properties().get(SilverTables.BRONZE_SNAPSHOT_PROPERTY);
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value));
    }

    /** A table property change is a metadata commit, not a snapshot: an up-to-date run leaves Silver's data alone. */
    private void recordProcessed(String silverId, long bronzeSnapshotId) throws Exception {
        Table silver = Spark3Util.loadIcebergTable(spark, silverId);
        silver.updateProperties()
                .set(SilverTables.BRONZE_SNAPSHOT_PROPERTY, Long.toString(bronzeSnapshotId))
                .commit();
        LOG.info("silver: processed bronze up to snapshot {}", bronzeSnapshotId);
    }
}

package dev.descheduler.silver;

import java.util.Optional;
import java.util.OptionalLong;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What Bronze committed since Silver's last run, by Iceberg snapshot: the appends after the snapshot Silver recorded,
 * up to Bronze's current one. Compaction and other rewrites of Bronze add no rows, so an incremental scan skips them.
 * When the recorded snapshot is no longer in Bronze's history (expired, or the table was rolled back), the whole
 * table is read again; the merge into Silver is idempotent, so that costs time, never correctness.
 *
 * @param fromSnapshotId exclusive; empty for a full read
 * @param toSnapshotId inclusive; Bronze's current snapshot when the run started
 */
record BronzeIncrement(OptionalLong fromSnapshotId, long toSnapshotId, boolean fullBecauseHistoryWasLost) {

    /** Empty when Bronze has no snapshot yet or nothing new since {@code lastProcessed}. */
    static Optional<BronzeIncrement> plan(Table bronze, OptionalLong lastProcessed) {
        Snapshot current = bronze.currentSnapshot();
        if (current == null) {
            return Optional.empty();
        }
        if (lastProcessed.isEmpty()) {
            return Optional.of(new BronzeIncrement(OptionalLong.empty(), current.snapshotId(), false));
        }
        long from = lastProcessed.getAsLong();
        if (from == current.snapshotId()) {
            return Optional.empty();
        }
        if (!SnapshotUtil.isAncestorOf(bronze, current.snapshotId(), from)) {
            return Optional.of(new BronzeIncrement(OptionalLong.empty(), current.snapshotId(), true));
        }
        return Optional.of(new BronzeIncrement(lastProcessed, current.snapshotId(), false));
    }

    Dataset<Row> read(SparkSession spark, String bronzeTable) {
        var reader = spark.read().format("iceberg");
        if (fromSnapshotId.isPresent()) {
            reader = reader.option("start-snapshot-id", Long.toString(fromSnapshotId.getAsLong()))
                    .option("end-snapshot-id", Long.toString(toSnapshotId));
        } else {
            reader = reader.option("snapshot-id", Long.toString(toSnapshotId));
        }
        return reader.load(bronzeTable);
    }

    @Override
    public String toString() {
        return fromSnapshotId.isPresent()
                ? "bronze snapshots (" + fromSnapshotId.getAsLong() + ", " + toSnapshotId + "]"
                : "all of bronze as of snapshot " + toSnapshotId
                        + (fullBecauseHistoryWasLost
                                ? " (the last processed snapshot is no longer in its history)"
                                : "");
    }
}

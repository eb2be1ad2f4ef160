package dev.descheduler.maintenance;

import dev.descheduler.lakehouse.Layer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What maintenance does to one table: how {@code rewrite_data_files} lays it out, how much history
 * {@code expire_snapshots} keeps and how old a file must be before {@code delete_orphan_files} may delete it. The
 * defaults of every table are in {@link MaintenancePolicy}; {@link PolicyOverrides} change them for one run.
 *
 * @param sortColumns the linear order {@link RewriteStrategy#SORT} writes (ascending, nulls first)
 * @param zorderColumns the columns {@link RewriteStrategy#ZORDER} interleaves
 * @param closedPartitionColumn when present, only rows older than the current UTC day by this column are rewritten:
 *     a stream still appends to today's partition, and rewriting it would race every trigger
 * @param snapshotRetention snapshots younger than this are never expired
 * @param minSnapshots at least this many of the latest snapshots are kept, however old
 * @param orphanMinAge files younger than this are never deleted as orphans: a writer may have written them for a
 *     commit that has not landed yet
 */
public record TablePolicy(
        Layer layer,
        String table,
        RewriteStrategy strategy,
        List<String> sortColumns,
        List<String> zorderColumns,
        Optional<String> closedPartitionColumn,
        Duration snapshotRetention,
        int minSnapshots,
        Duration orphanMinAge) {

    /** Below this, {@code delete_orphan_files} refuses unless the run says so explicitly. */
    public static final Duration SAFE_ORPHAN_MIN_AGE = Duration.ofDays(1);

    public TablePolicy {
        sortColumns = List.copyOf(sortColumns);
        zorderColumns = List.copyOf(zorderColumns);
        if (strategy == RewriteStrategy.SORT && sortColumns.isEmpty()) {
            throw new IllegalArgumentException("table " + table + ": the sort strategy needs sort columns");
        }
        if (strategy == RewriteStrategy.ZORDER && zorderColumns.size() < 2) {
            throw new IllegalArgumentException("table " + table
                    + ": z-order interleaves at least 2 columns (use sort for one), got " + zorderColumns);
        }
        if (snapshotRetention.isNegative() || snapshotRetention.isZero()) {
            throw new IllegalArgumentException(
                    "table " + table + ": the snapshot retention must be positive, was " + snapshotRetention);
        }
        if (minSnapshots < 1) {
            throw new IllegalArgumentException(
                    "table " + table + ": at least 1 snapshot must be kept (the current one), was " + minSnapshots);
        }
        if (orphanMinAge.isNegative() || orphanMinAge.isZero()) {
            throw new IllegalArgumentException(
                    "table " + table + ": the orphan minimum age must be positive, was " + orphanMinAge);
        }
    }

    /**
     * Refuses an orphan minimum age under one day unless {@code allowedExplicitly}: a file written by a commit still in
     * flight (a long Silver MERGE, a stream trigger retried after an outage) looks exactly like an orphan.
     */
    public void requireSafeOrphanMinAge(boolean allowedExplicitly) {
        if (orphanMinAge.compareTo(SAFE_ORPHAN_MIN_AGE) < 0 && !allowedExplicitly) {
            throw new IllegalArgumentException("table " + table + ": an orphan minimum age of "
                    + Durations.format(orphanMinAge) + " is under 1 day and could delete files of commits still in"
                    + " flight; pass " + MaintenanceSettings.ALLOW_SHORT_ORPHAN_AGE_FLAG + " to do it anyway");
        }
    }

    /** The columns the chosen strategy orders by; empty for binpack. */
    public List<String> layoutColumns() {
        return switch (strategy) {
            case BINPACK -> List.of();
            case SORT -> sortColumns;
            case ZORDER -> zorderColumns;
        };
    }
}

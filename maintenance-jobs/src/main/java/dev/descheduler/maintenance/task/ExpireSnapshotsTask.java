package dev.descheduler.maintenance.task;

import dev.descheduler.maintenance.TablePolicy;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.ExpireSnapshots;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * Iceberg's {@code ExpireSnapshots}: removes snapshots older than the retention, but never the latest
 * {@code minSnapshots} of the table's history, and deletes the files only those snapshots referenced.
 */
final class ExpireSnapshotsTask implements MaintenanceTask {

    @Override
    public String name() {
        return "expire_snapshots";
    }

    @Override
    public TaskResult run(TaskContext context) {
        TablePolicy policy = context.policy();
        Table table = context.table();
        long cutoff = context.now().minus(policy.snapshotRetention()).toEpochMilli();
        String rule =
                "older than " + java.time.Instant.ofEpochMilli(cutoff) + " beyond the latest " + policy.minSnapshots();
        if (table.currentSnapshot() == null) {
            return TaskResult.skipped("the table has no snapshot yet");
        }
        if (context.isDryRun()) {
            List<String> expired = wouldExpire(table, cutoff, policy.minSnapshots()).stream()
                    .map(s ->
                            "snapshot " + s.snapshotId() + " of " + java.time.Instant.ofEpochMilli(s.timestampMillis()))
                    .toList();
            return TaskResult.dryRun(
                    "would expire " + expired.size() + " snapshots " + rule,
                    Map.of("snapshots_to_expire", (long) expired.size()),
                    expired);
        }
        int before = countSnapshots(table);
        ExpireSnapshots.Result result = SparkActions.get(context.spark())
                .expireSnapshots(table)
                .expireOlderThan(cutoff)
                .retainLast(policy.minSnapshots())
                .execute();
        table.refresh();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("expired_snapshots", (long) (before - countSnapshots(table)));
        counts.put("deleted_data_files", result.deletedDataFilesCount());
        counts.put("deleted_position_delete_files", result.deletedPositionDeleteFilesCount());
        counts.put("deleted_equality_delete_files", result.deletedEqualityDeleteFilesCount());
        counts.put("deleted_manifests", result.deletedManifestsCount());
        counts.put("deleted_manifest_lists", result.deletedManifestListsCount());
        return TaskResult.done("expired snapshots " + rule, counts);
    }

    /**
     * The rule Iceberg applies, for a dry run: snapshots older than the cutoff, except the current one and the latest
     * {@code keep} of its ancestry.
     */
    static List<Snapshot> wouldExpire(Table table, long cutoffMillis, int keep) {
        Set<Long> retained = new HashSet<>();
        for (Snapshot s : SnapshotUtil.currentAncestors(table)) {
            if (retained.size() >= keep) {
                break;
            }
            retained.add(s.snapshotId());
        }
        List<Snapshot> expired = new java.util.ArrayList<>();
        for (Snapshot s : table.snapshots()) {
            if (s.timestampMillis() < cutoffMillis && !retained.contains(s.snapshotId())) {
                expired.add(s);
            }
        }
        return expired;
    }

    private static int countSnapshots(Table table) {
        int n = 0;
        for (Snapshot ignored : table.snapshots()) {
            n++;
        }
        return n;
    }
}

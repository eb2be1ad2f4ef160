package dev.descheduler.maintenance;

import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * A table's shape at one moment, from its metadata alone (no data file is read): the current snapshot's totals, its
 * manifests, and the snapshots in its history.
 *
 * @param bytes data and delete files together, as Iceberg's {@code total-files-size}
 */
public record TableStats(
        long dataFiles,
        long deleteFiles,
        long records,
        long bytes,
        long avgDataFileBytes,
        long manifests,
        long snapshots) {

    public static TableStats of(Table table) {
        table.refresh();
        long snapshots = 0;
        for (Snapshot ignored : table.snapshots()) {
            snapshots++;
        }
        Snapshot current = table.currentSnapshot();
        if (current == null) {
            return new TableStats(0, 0, 0, 0, 0, 0, snapshots);
        }
        Map<String, String> summary = current.summary();
        long dataFiles = total(summary, "total-data-files");
        long bytes = total(summary, "total-files-size");
        return new TableStats(
                dataFiles,
                total(summary, "total-delete-files"),
                total(summary, "total-records"),
                bytes,
                dataFiles == 0 ? 0 : bytes / dataFiles,
                current.allManifests(table.io()).size(),
                snapshots);
    }

    private static long total(Map<String, String> summary, String key) {
        String value = summary.get(key);
        if (value == null) {
            // every snapshot Iceberg 1.x writes carries the totals; a table without them was written by something
            // this report cannot describe
            throw new IllegalStateException("the current snapshot's summary has no " + key + ": " + summary);
        }
        return Long.parseLong(value);
    }
}

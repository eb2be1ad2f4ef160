package dev.descheduler.maintenance.task;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.spark.actions.SparkActions;

/**
 * Iceberg's {@code DeleteOrphanFiles}: deletes files under the table's location that no snapshot references and that
 * are older than the policy's minimum age. Refuses to run when it could mistake live files for orphans: a minimum age
 * under one day without the operator's explicit flag, a table outside the warehouse's scheme, or a streaming
 * checkpoint inside the table's location.
 */
final class DeleteOrphanFilesTask implements MaintenanceTask {

    @Override
    public String name() {
        return "delete_orphan_files";
    }

    @Override
    public TaskResult run(TaskContext context) {
        context.policy().requireSafeOrphanMinAge(context.allowShortOrphanMinAge());
        Table table = context.table();
        requireWarehouseScheme(context.tableId(), table.location(), context.warehouse());
        requireCheckpointsOutside(context.tableId(), table.location(), context.checkpointLocations());
        long olderThan = context.now().minus(context.policy().orphanMinAge()).toEpochMilli();

        List<String> deleted = Collections.synchronizedList(new ArrayList<>());
        DeleteOrphanFiles action = SparkActions.get(context.spark())
                .deleteOrphanFiles(table)
                // S3 has no directories for Hadoop's FileSystem to walk, and s3:// has no Hadoop FileSystem at all:
                // list through the table's own FileIO by prefix
                .usePrefixListing(true)
                // compare every location in one scheme: a file referenced as s3a:// is the same object as s3://
                .equalSchemes(Map.of("s3a,s3n", "s3"))
                // any other mismatch (another bucket, another scheme) stops the task instead of deleting
                .prefixMismatchMode(DeleteOrphanFiles.PrefixMismatchMode.ERROR)
                .olderThan(olderThan);
        if (context.isDryRun()) {
            action = action.deleteWith(path -> {});
        } else {
            // Iceberg logs and skips a file it fails to delete; counting the successes makes a shortfall visible
            action = action.deleteWith(path -> {
                table.io().deleteFile(path);
                deleted.add(path);
            });
        }
        DeleteOrphanFiles.Result result = action.execute();
        List<String> orphans = new ArrayList<>();
        result.orphanFileLocations().forEach(orphans::add);
        String rule = "older than " + java.time.Instant.ofEpochMilli(olderThan);
        if (context.isDryRun()) {
            return TaskResult.dryRun(
                    "would delete " + orphans.size() + " orphan files " + rule,
                    Map.of(TaskResult.ORPHANS_FOUND, (long) orphans.size(), TaskResult.ORPHANS_DELETED, 0L),
                    orphans);
        }
        if (deleted.size() < orphans.size()) {
            throw new IllegalStateException("found " + orphans.size() + " orphan files of " + context.tableId() + " "
                    + rule + " but deleted only " + deleted.size() + " (see the warnings above); the table itself is"
                    + " unaffected, run the task again");
        }
        return TaskResult.done(
                "deleted " + orphans.size() + " orphan files " + rule,
                Map.of(TaskResult.ORPHANS_FOUND, (long) orphans.size(), TaskResult.ORPHANS_DELETED, (long)
                        deleted.size()));
    }

    static void requireWarehouseScheme(String tableId, String tableLocation, String warehouse) {
        String scheme = scheme(tableLocation);
        if (!scheme.equals(scheme(warehouse))) {
            throw new IllegalStateException("table " + tableId + " lives at " + tableLocation + ", not in the "
                    + scheme(warehouse) + ":// scheme of the warehouse " + warehouse
                    + "; orphan deletion compares locations in one scheme and refuses this table");
        }
    }

    static void requireCheckpointsOutside(String tableId, String tableLocation, List<String> checkpoints) {
        String table = withoutScheme(tableLocation);
        for (String checkpoint : checkpoints) {
            String cp = withoutScheme(checkpoint);
            if (cp.equals(table) || cp.startsWith(table + "/") || table.startsWith(cp + "/")) {
                throw new IllegalStateException("the streaming checkpoint " + checkpoint + " overlaps the location "
                        + tableLocation + " of " + tableId + "; no snapshot references checkpoint files, so orphan"
                        + " deletion would delete them. Move the checkpoint outside every table location.");
            }
        }
    }

    private static String scheme(String location) {
        String scheme = URI.create(location).getScheme();
        return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
    }

    private static String withoutScheme(String location) {
        return location.replaceFirst("^[A-Za-z0-9+.-]+://", "").replaceAll("/+$", "");
    }
}

package dev.descheduler.maintenance.task;

import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewritePositionDeleteFiles;
import org.apache.iceberg.spark.actions.SparkActions;

/**
 * Iceberg's {@code RewritePositionDeleteFiles}: combines the position delete files that merge-on-read MERGE, UPDATE
 * and DELETE leave, and drops deletes of rows already rewritten away. Tables written copy-on-write have none: the task
 * says so and skips.
 */
final class RewritePositionDeleteFilesTask implements MaintenanceTask {

    @Override
    public String name() {
        return "rewrite_position_delete_files";
    }

    @Override
    public TaskResult run(TaskContext context) {
        Table table = context.table();
        long deleteFiles = table.currentSnapshot() == null
                ? 0
                : Long.parseLong(table.currentSnapshot().summary().getOrDefault("total-position-deletes", "0"));
        if (deleteFiles == 0) {
            return TaskResult.skipped("the table has no position deletes");
        }
        if (context.isDryRun()) {
            return TaskResult.dryRun(
                    "would rewrite the delete files holding " + deleteFiles + " position deletes",
                    Map.of("position_deletes", deleteFiles),
                    java.util.List.of());
        }
        RewritePositionDeleteFiles.Result result =
                SparkActions.get(context.spark()).rewritePositionDeletes(table).execute();
        return TaskResult.done(
                "rewrote position delete files",
                Map.of(
                        "rewritten_delete_files", (long) result.rewrittenDeleteFilesCount(),
                        "added_delete_files", (long) result.addedDeleteFilesCount(),
                        "rewritten_bytes", result.rewrittenBytesCount()));
    }
}

package dev.descheduler.maintenance.task;

import java.util.Map;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteManifests;
import org.apache.iceberg.spark.actions.SparkActions;

/**
 * Iceberg's {@code RewriteManifests}: regroups the manifests by partition, so planning a query on a few days reads a
 * few manifests instead of one per stream trigger.
 */
final class RewriteManifestsTask implements MaintenanceTask {

    @Override
    public String name() {
        return "rewrite_manifests";
    }

    @Override
    public TaskResult run(TaskContext context) {
        Table table = context.table();
        if (table.currentSnapshot() == null) {
            return TaskResult.skipped("the table has no snapshot yet");
        }
        long manifests = table.currentSnapshot().dataManifests(table.io()).size();
        if (manifests <= 1) {
            return TaskResult.skipped("the table has " + manifests + " data manifest; nothing to regroup");
        }
        if (context.isDryRun()) {
            return TaskResult.dryRun(
                    "would regroup " + manifests + " data manifests",
                    Map.of("data_manifests", manifests),
                    java.util.List.of());
        }
        RewriteManifests.Result result =
                SparkActions.get(context.spark()).rewriteManifests(table).execute();
        return TaskResult.done(
                "regrouped the data manifests by partition",
                Map.of(
                        "rewritten_manifests",
                        count(result.rewrittenManifests()),
                        "added_manifests",
                        count(result.addedManifests())));
    }

    private static long count(Iterable<ManifestFile> manifests) {
        long n = 0;
        for (ManifestFile ignored : manifests) {
            n++;
        }
        return n;
    }
}

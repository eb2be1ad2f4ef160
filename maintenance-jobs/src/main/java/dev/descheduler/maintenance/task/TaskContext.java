package dev.descheduler.maintenance.task;

import dev.descheduler.maintenance.RunMode;
import dev.descheduler.maintenance.TablePolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.spark.sql.SparkSession;

/**
 * What a task works on.
 *
 * @param tableId the Spark identifier, {@code catalog.namespace.table}
 * @param now the run's clock: every age (retention, orphan minimum age, the current day) is measured from it
 * @param warehouse the warehouse root every table location must share its scheme with
 * @param checkpointLocations streaming checkpoints, which must lie outside the table's location
 * @param allowShortOrphanMinAge the operator's explicit consent to an orphan minimum age under one day
 * @param rewriteOptions Iceberg rewrite options for this run (for example {@code rewrite-all=true}), over the defaults
 */
public record TaskContext(
        SparkSession spark,
        Table table,
        String tableId,
        TablePolicy policy,
        RunMode mode,
        Instant now,
        String warehouse,
        List<String> checkpointLocations,
        boolean allowShortOrphanMinAge,
        Map<String, String> rewriteOptions) {

    public TaskContext {
        checkpointLocations = List.copyOf(checkpointLocations);
        rewriteOptions = Map.copyOf(rewriteOptions);
    }

    boolean isDryRun() {
        return mode == RunMode.DRY_RUN;
    }
}

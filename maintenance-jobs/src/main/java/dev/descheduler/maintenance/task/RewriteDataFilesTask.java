package dev.descheduler.maintenance.task;

import dev.descheduler.maintenance.TablePolicy;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.spark.actions.SparkActions;

/**
 * Iceberg's {@code RewriteDataFiles}: binpack, sort or z-order, as the table's policy says. With a closed-partition
 * column only rows older than the current UTC day are touched, so the stream's appends to today never meet the
 * rewrite (appends and rewrites of other files never conflict in Iceberg).
 */
final class RewriteDataFilesTask implements MaintenanceTask {

    // commit file groups in batches: a conflict with a concurrent writer costs one batch, not the whole rewrite
    private static final Map<String, String> DEFAULT_OPTIONS = Map.of(
            RewriteDataFiles.PARTIAL_PROGRESS_ENABLED, "true",
            RewriteDataFiles.PARTIAL_PROGRESS_MAX_COMMITS, "10",
            RewriteDataFiles.MAX_CONCURRENT_FILE_GROUP_REWRITES, "2");

    @Override
    public String name() {
        return "rewrite_data_files";
    }

    @Override
    public TaskResult run(TaskContext context) throws Exception {
        TablePolicy policy = context.policy();
        Table table = context.table();
        Expression filter = filter(context);
        String what = policy.strategy().label()
                + (policy.layoutColumns().isEmpty() ? "" : " by " + policy.layoutColumns())
                + (filter == Expressions.alwaysTrue() ? "" : " where " + filter);
        if (table.currentSnapshot() == null) {
            return TaskResult.skipped("the table has no snapshot yet");
        }
        if (context.isDryRun()) {
            long candidates = countFiles(table, filter);
            return TaskResult.dryRun(
                    "would " + what + " over " + candidates + " data files",
                    Map.of("candidate_data_files", candidates),
                    List.of());
        }
        RewriteDataFiles action = SparkActions.get(context.spark()).rewriteDataFiles(table);
        action = switch (policy.strategy()) {
            case BINPACK -> action.binPack();
            case SORT -> action.sort(sortOrder(table, policy.sortColumns()));
            case ZORDER -> action.zOrder(policy.zorderColumns().toArray(String[]::new));
        };
        Map<String, String> options = new LinkedHashMap<>(DEFAULT_OPTIONS);
        options.putAll(context.rewriteOptions());
        RewriteDataFiles.Result result = action.options(options).filter(filter).execute();
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("rewritten_data_files", (long) result.rewrittenDataFilesCount());
        counts.put("added_data_files", (long) result.addedDataFilesCount());
        counts.put("rewritten_bytes", result.rewrittenBytesCount());
        counts.put("failed_data_files", (long) result.failedDataFilesCount());
        if (result.failedDataFilesCount() > 0) {
            throw new IllegalStateException(result.failedDataFilesCount() + " data files of " + context.tableId()
                    + " were not rewritten: their file groups conflicted with concurrent commits or failed ("
                    + result.rewriteFailures().size() + " groups; " + result.rewrittenDataFilesCount()
                    + " files were rewritten and committed). No row is lost; run the task again. Counts: " + counts);
        }
        return TaskResult.done(what, counts);
    }

    static Expression filter(TaskContext context) {
        return context.policy()
                .closedPartitionColumn()
                .<Expression>map(column -> Expressions.lessThan(
                        column, ChronoUnit.MICROS.between(java.time.Instant.EPOCH, startOfDay(context))))
                .orElse(Expressions.alwaysTrue());
    }

    private static java.time.Instant startOfDay(TaskContext context) {
        return context.now().truncatedTo(ChronoUnit.DAYS);
    }

    private static SortOrder sortOrder(Table table, List<String> columns) {
        SortOrder.Builder builder = SortOrder.builderFor(table.schema());
        for (String column : columns) {
            builder.sortBy(column, SortDirection.ASC, NullOrder.NULLS_FIRST);
        }
        return builder.build();
    }

    private static long countFiles(Table table, Expression filter) throws java.io.IOException {
        long files = 0;
        try (CloseableIterable<FileScanTask> tasks =
                table.newScan().filter(filter).ignoreResiduals().planFiles()) {
            for (FileScanTask ignored : tasks) {
                files++;
            }
        }
        return files;
    }
}

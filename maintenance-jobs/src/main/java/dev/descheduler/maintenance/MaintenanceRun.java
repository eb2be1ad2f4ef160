package dev.descheduler.maintenance;

import dev.descheduler.lakehouse.Layer;
import dev.descheduler.maintenance.task.MaintenanceTask;
import dev.descheduler.maintenance.task.MaintenanceTasks;
import dev.descheduler.maintenance.task.TaskContext;
import dev.descheduler.maintenance.task.TaskResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the selected tasks on the selected tables, one after the other: each task is measured before and after, and a
 * failed task is reported and does not stop the tasks after it (each is all or nothing on its own). The report is
 * appended to {@code ops.maintenance_runs}.
 */
public final class MaintenanceRun {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceRun.class);

    private final SparkSession spark;
    private final MaintenanceSettings settings;
    private final Clock clock;
    private final CommitRetry retry;

    public MaintenanceRun(SparkSession spark, MaintenanceSettings settings, Clock clock) {
        this(spark, settings, clock, CommitRetry.defaults());
    }

    MaintenanceRun(SparkSession spark, MaintenanceSettings settings, Clock clock, CommitRetry retry) {
        this.spark = spark;
        this.settings = settings;
        this.clock = clock;
        this.retry = retry;
    }

    public MaintenanceReport run() {
        String runId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        List<TaskReport> reports = new ArrayList<>();
        List<String> tables = tables();
        if (tables.isEmpty()) {
            LOG.info("run {}: {} has no tables yet, nothing to do", runId, settings.selection());
        }
        for (String name : tables) {
            Layer layer = layer();
            String id =
                    settings.lakehouse().catalog() + "." + settings.lakehouse().namespace(layer) + "." + name;
            for (String taskName : settings.plannedTasks()) {
                reports.add(runTask(runId, id, layer, name, MaintenanceTasks.named(taskName), now));
            }
        }
        MaintenanceReport report = new MaintenanceReport(
                runId, settings.selection(), settings.mode().name().toLowerCase(java.util.Locale.ROOT), reports);
        try {
            new MaintenanceRunsTable(spark, settings).append(report);
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException("the run log table disappeared while run " + runId + " wrote to it", e);
        }
        return report;
    }

    private TaskReport runTask(String runId, String id, Layer layer, String name, MaintenanceTask task, Instant now) {
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        TableStats before = null;
        Table table = null;
        try {
            table = Spark3Util.loadIcebergTable(spark, id);
            before = TableStats.of(table);
            TablePolicy policy = settings.policyFor(layer, name);
            TaskContext context = new TaskContext(
                    spark,
                    table,
                    id,
                    policy,
                    settings.mode(),
                    now,
                    settings.lakehouse().warehouse(),
                    settings.checkpointLocations(),
                    settings.allowShortOrphanMinAge(),
                    settings.rewriteOptions());
            LOG.info("run {}: {} on {} ({})", runId, task.name(), id, policy);
            TaskResult result = retry.run(task.name() + " on " + id, () -> task.run(context));
            TaskReport report = TaskReport.of(
                    id, task.name(), started, millisSince(startNanos), before, TableStats.of(table), result);
            LOG.info(
                    "run {}: {} on {} {} in {} ms: {}; data files {} -> {}, snapshots {} -> {}",
                    runId,
                    task.name(),
                    id,
                    report.status(),
                    report.durationMs(),
                    report.message(),
                    before.dataFiles(),
                    report.after().dataFiles(),
                    before.snapshots(),
                    report.after().snapshots());
            return report;
        } catch (Exception e) {
            LOG.error("run {}: {} on {} failed", runId, task.name(), id, e);
            TableStats empty = new TableStats(0, 0, 0, 0, 0, 0, 0);
            TableStats after = empty;
            if (table != null) {
                try {
                    after = TableStats.of(table);
                } catch (RuntimeException statsFailure) {
                    e.addSuppressed(statsFailure);
                }
            }
            return TaskReport.failed(
                    id,
                    task.name(),
                    started,
                    millisSince(startNanos),
                    before == null ? empty : before,
                    after,
                    e.getMessage() == null ? e.getClass().getName() : e.getMessage());
        }
    }

    private Layer layer() {
        return settings.tableLayer()
                .orElseGet(() -> settings.preset().orElseThrow().layer());
    }

    /** The named table, or every table (not view) in the preset's layer; a layer not created yet has none. */
    private List<String> tables() {
        if (settings.table().isPresent()) {
            String table = settings.table().get();
            return List.of(table.substring(table.indexOf('.') + 1));
        }
        String catalog = settings.lakehouse().catalog();
        String namespace = settings.lakehouse().namespace(layer());
        boolean exists = spark.sql("SHOW NAMESPACES IN " + catalog).collectAsList().stream()
                .anyMatch(r -> r.getString(0).equals(namespace));
        if (!exists) {
            return List.of();
        }
        List<String> tables = new ArrayList<>();
        for (Row row : spark.sql("SHOW TABLES IN " + catalog + "." + namespace).collectAsList()) {
            tables.add(row.getString(row.fieldIndex("tableName")));
        }
        tables.sort(String::compareTo);
        return tables;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}

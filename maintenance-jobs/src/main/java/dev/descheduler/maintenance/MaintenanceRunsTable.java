package dev.descheduler.maintenance;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ops.maintenance_runs}: one row per task run, so the history of every table's maintenance can be queried
 * and charted (files, bytes, snapshots before and after; orphans; duration; failures).
 */
final class MaintenanceRunsTable {

    static final String NAME = "maintenance_runs";

    private static final List<StructField> COLUMNS = List.of(
            column("run_id", DataTypes.StringType),
            column("selection", DataTypes.StringType),
            column("mode", DataTypes.StringType),
            column("table_name", DataTypes.StringType),
            column("task", DataTypes.StringType),
            column("status", DataTypes.StringType),
            column("message", DataTypes.StringType),
            column("started_at", DataTypes.TimestampType),
            column("duration_ms", DataTypes.LongType),
            column("data_files_before", DataTypes.LongType),
            column("data_files_after", DataTypes.LongType),
            column("delete_files_before", DataTypes.LongType),
            column("delete_files_after", DataTypes.LongType),
            column("records_before", DataTypes.LongType),
            column("records_after", DataTypes.LongType),
            column("bytes_before", DataTypes.LongType),
            column("bytes_after", DataTypes.LongType),
            column("avg_data_file_bytes_before", DataTypes.LongType),
            column("avg_data_file_bytes_after", DataTypes.LongType),
            column("manifests_before", DataTypes.LongType),
            column("manifests_after", DataTypes.LongType),
            column("snapshots_before", DataTypes.LongType),
            column("snapshots_after", DataTypes.LongType),
            column("orphan_files_found", DataTypes.LongType),
            column("orphan_files_deleted", DataTypes.LongType),
            column("counts_json", DataTypes.StringType));

    private final SparkSession spark;
    private final String namespace;
    private final String id;

    MaintenanceRunsTable(SparkSession spark, MaintenanceSettings settings) {
        this.spark = spark;
        this.namespace = settings.lakehouse().catalog() + "." + settings.opsNamespace();
        this.id = namespace + "." + NAME;
    }

    String identifier() {
        return id;
    }

    void append(MaintenanceReport report) throws org.apache.spark.sql.catalyst.analysis.NoSuchTableException {
        if (report.tasks().isEmpty()) {
            return;
        }
        ensure();
        List<Row> rows = new ArrayList<>();
        for (TaskReport task : report.tasks()) {
            rows.add(RowFactory.create(
                    report.runId(),
                    report.selection(),
                    report.mode(),
                    task.table(),
                    task.task(),
                    task.status(),
                    task.message(),
                    task.startedAt().toEpochMilli(),
                    task.durationMs(),
                    task.before().dataFiles(),
                    task.after().dataFiles(),
                    task.before().deleteFiles(),
                    task.after().deleteFiles(),
                    task.before().records(),
                    task.after().records(),
                    task.before().bytes(),
                    task.after().bytes(),
                    task.before().avgDataFileBytes(),
                    task.after().avgDataFileBytes(),
                    task.before().manifests(),
                    task.after().manifests(),
                    task.before().snapshots(),
                    task.after().snapshots(),
                    task.orphanFilesFound(),
                    task.orphanFilesDeleted(),
                    MaintenanceReport.toJson(task.counts())));
        }
        // the start time travels as epoch millis: an external Timestamp or Instant would depend on the session's
        // spark.sql.datetime.java8API setting
        spark.createDataFrame(rows, inputSchema())
                .withColumn("started_at", functions.timestamp_millis(functions.col("started_at")))
                .writeTo(id)
                .append();
    }

    private void ensure() {
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + namespace);
        spark.sql(
                "CREATE TABLE IF NOT EXISTS " + id + " (" + new StructType(COLUMNS.toArray(StructField[]::new)).toDDL()
                        + ") USING iceberg TBLPROPERTIES ('format-version'='2', 'write.parquet.compression-codec'='zstd',"
                        + " 'write.metadata.delete-after-commit.enabled'='true', 'write.metadata.previous-versions-max'='20')");
    }

    private static StructType inputSchema() {
        List<StructField> fields = new ArrayList<>();
        for (StructField f : COLUMNS) {
            fields.add(f.name().equals("started_at") ? column("started_at", DataTypes.LongType) : f);
        }
        return new StructType(fields.toArray(StructField[]::new));
    }

    private static StructField column(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }
}

package dev.descheduler.maintenance;

import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.JsonLimits;
import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.EnvelopeColumns;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Appends real GH Archive events to {@code bronze.github_events} as the Bronze job writes them (envelope plus
 * lineage), one commit per call, and remembers every row it committed so a test can compare the table with them.
 */
final class BronzeRows {

    private final SparkSession spark;
    private final String table;
    private final EventJsonDecoder decoder = new EventJsonDecoder(JsonLimits.defaults());
    private final List<Row> committed = Collections.synchronizedList(new ArrayList<>());
    private long nextOffset;

    BronzeRows(SparkSession spark, LakehouseSettings settings) {
        this.spark = spark;
        this.table = BronzeTables.EVENTS.identifier(settings);
    }

    String table() {
        return table;
    }

    /** One append (one snapshot) of {@code jsonLines}, each with a new ingest id, received at {@code receivedAt}. */
    void append(List<String> jsonLines, Instant receivedAt) throws Exception {
        List<Row> rows = rows(jsonLines, receivedAt);
        // one task, one file: like a stream trigger with one Kafka partition
        spark.createDataFrame(rows, BronzeTables.EVENTS.schema())
                .coalesce(1)
                .writeTo(table)
                .append();
        committed.addAll(rows);
    }

    /**
     * {@code commits} appends of one small file each, as a stream with a short trigger leaves them. A Spark write per
     * commit takes seconds on a busy machine, so the files are written by one Spark job into a staging table that
     * shares Bronze's data folder, and each is then committed to Bronze on its own (a metadata-only append).
     */
    void appendInSmallCommits(List<String> jsonLines, Instant receivedAt, int commits) throws Exception {
        List<Row> rows = rows(jsonLines, receivedAt);
        Table bronze = Spark3Util.loadIcebergTable(spark, table);
        String staging = table + "_staging";
        spark.sql(
                "CREATE TABLE " + staging + " (" + BronzeTables.EVENTS.schema().toDDL() + ") USING iceberg"
                        + " PARTITIONED BY (days(received_at)) TBLPROPERTIES ('format-version'='2',"
                        // no shuffle by partition before the write: each task writes its own file, as Bronze does
                        + " 'write.distribution-mode'='none', 'write.spark.fanout.enabled'='true',"
                        + " 'write.data.path'='" + bronze.location() + "/data')");
        spark.createDataFrame(rows, BronzeTables.EVENTS.schema())
                .repartition(commits)
                .writeTo(staging)
                .append();
        List<DataFile> files = new ArrayList<>();
        try (var tasks = Spark3Util.loadIcebergTable(spark, staging).newScan().planFiles()) {
            tasks.forEach(t -> files.add(t.file().copy()));
        }
        // the files now belong to Bronze alone: dropping without PURGE leaves them in place
        spark.sql("DROP TABLE " + staging);
        for (DataFile file : files) {
            bronze.newFastAppend().appendFile(file).commit();
        }
        committed.addAll(rows);
    }

    private List<Row> rows(List<String> jsonLines, Instant receivedAt) throws Exception {
        List<Row> rows = new ArrayList<>();
        String batchId = UUID.randomUUID().toString();
        long offset;
        synchronized (this) {
            offset = nextOffset++;
        }
        for (String line : jsonLines) {
            byte[] json = line.getBytes(StandardCharsets.UTF_8);
            GitHubEvent event =
                    decoder.decode(json, 0, json.length, UUID.randomUUID().toString(), receivedAt);
            Object[] envelope = EnvelopeColumns.values(event);
            Object[] row = new Object[envelope.length + 5];
            System.arraycopy(envelope, 0, row, 0, envelope.length);
            row[envelope.length] = "github_events_avro";
            row[envelope.length + 1] = 0;
            row[envelope.length + 2] = offset;
            row[envelope.length + 3] = batchId;
            row[envelope.length + 4] = Timestamp.from(Instant.now());
            rows.add(RowFactory.create(row));
        }
        return rows;
    }

    /** Row count and an order-independent checksum over ingest_id and payload of every committed row. */
    String expectedFingerprint() {
        List<Row> copy;
        synchronized (committed) {
            copy = new ArrayList<>(committed);
        }
        return fingerprint(spark.createDataFrame(copy, BronzeTables.EVENTS.schema()));
    }

    String actualFingerprint() {
        return fingerprint(spark.table(table));
    }

    private static String fingerprint(org.apache.spark.sql.Dataset<Row> rows) {
        Row row = rows.selectExpr(
                        "count(*)",
                        "sum(cast(xxhash64(ingest_id, payload) AS DECIMAL(38, 0)))",
                        "count(DISTINCT ingest_id)")
                .first();
        return "rows=" + row.getLong(0) + " checksum=" + row.get(1) + " distinct_ingest_ids=" + row.getLong(2);
    }
}

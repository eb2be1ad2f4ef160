package dev.descheduler.maintenance;

import dev.descheduler.events.GhArchiveSample;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.Layer;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import dev.descheduler.localstack.LocalStack;
import dev.descheduler.silver.SilverBatchJob;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.types.StructField;

/**
 * What maintenance buys Silver's typical queries (a benchmark, not a test; benchmarks/maintenance.sh runs it). The
 * real GH Archive sample goes through Bronze and the Silver job once; its Silver rows are then replayed into a
 * benchmark table with shifted event ids and days until it holds at least 1,000,000 events, written the way
 * incremental Silver runs leave a day (many small files, each spanning every repository). Then, for each layout
 * (as written, binpack, sort by event_type and created_at, z-order by repo_id and actor_id), each query runs once to
 * warm up and RUNS times measured: data files and bytes the Iceberg scan planned (its own scan metrics), and time.
 * A full scan of the table is the ceiling in the same run. Last, each preset is timed with the JVM's peak heap.
 */
public final class MaintenanceBenchmark {

    private static final int TARGET_EVENTS = 1_000_000;
    // a day here holds ~52,000 events, about 1/70 of a real GH Archive day: the target file size is scaled down the
    // same way so that a day is several files, as a real day is at 128 MB
    private static final String TARGET_FILE_BYTES = Long.toString(1L << 20);
    private static final int FILES_PER_DAY_AS_WRITTEN = 48;

    private MaintenanceBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = Files.createTempDirectory("maintenance-bench-");
        try (LocalStack stack = LocalStack.builder()
                .dataDir(dir)
                .servers(EnumSet.of(LocalStack.Server.S3, LocalStack.Server.POSTGRES))
                .ephemeralPorts()
                .build()
                .start()) {
            Map<String, String> env = new HashMap<>(stack.env());
            LakehouseSettings settings = LakehouseSettings.from(Environment.of(env));
            Map<String, String> conf = new HashMap<>();
            conf.put("spark.ui.enabled", "false");
            conf.put("spark.sql.datetime.java8API.enabled", "true");
            // the scan node's metrics are read from the executed plan; adaptive execution would wrap it
            conf.put("spark.sql.adaptive.enabled", "false");
            SparkSession spark = LakehouseSession.create(settings, "maintenance-benchmark", conf);
            long started = System.nanoTime();
            String table = buildSilver(spark, settings, env);
            System.out.printf(
                    "data: %d Silver events in %s, built in %.0f s; %d measured runs per query (+1 warm-up)%n",
                    spark.table(table).count(), table, (System.nanoTime() - started) / 1e9, runs);
            Row repo = spark.sql("SELECT repo_id, count(*) FROM " + table + " WHERE created_date = DATE'2015-01-11'"
                            + " GROUP BY 1 ORDER BY 2 DESC LIMIT 1 OFFSET 20")
                    .first();
            Row actor = spark.sql(
                            "SELECT actor_id, count(*) FROM " + table + " GROUP BY 1 ORDER BY 2 DESC LIMIT 1 OFFSET 20")
                    .first();
            Map<String, String> queries = new LinkedHashMap<>();
            queries.put(
                    "one repo, one day (repo " + repo.get(0) + ")",
                    "SELECT event_type, count(*) FROM " + table + " WHERE repo_id = " + repo.get(0)
                            + " AND created_at >= TIMESTAMP'2015-01-11 00:00:00' AND created_at < TIMESTAMP'2015-01-12"
                            + " 00:00:00' GROUP BY 1");
            queries.put(
                    "one actor, all days (actor " + actor.get(0) + ")",
                    "SELECT created_date, count(*) FROM " + table + " WHERE actor_id = " + actor.get(0)
                            + " GROUP BY 1");
            queries.put(
                    "one day's counts per type",
                    "SELECT event_type, count(*) FROM " + table + " WHERE created_date = DATE'2015-01-11' GROUP BY 1");
            queries.put("ceiling: full scan", "SELECT count(*), sum(length(event_id)) FROM " + table);

            measure(spark, "as written", table, queries, runs);
            // the bench table has no policy of its own: the layouts take the columns of silver.github_events' policy
            TablePolicy silver = MaintenancePolicy.forTable(Layer.SILVER, "github_events");
            Map<String, List<String>> layouts = new LinkedHashMap<>();
            layouts.put("binpack", List.of());
            layouts.put("sort", silver.sortColumns());
            layouts.put("zorder", silver.zorderColumns());
            for (Map.Entry<String, List<String>> layout : layouts.entrySet()) {
                String strategy = layout.getKey();
                List<String> rewrite = new ArrayList<>(List.of(
                        "--table=silver.bench_events",
                        "--tasks=rewrite_data_files",
                        "--strategy=" + strategy,
                        "--rewrite-option=rewrite-all=true",
                        "--rewrite-option=target-file-size-bytes=" + TARGET_FILE_BYTES));
                if (!layout.getValue().isEmpty()) {
                    rewrite.add("--columns=" + String.join(",", layout.getValue()));
                }
                long t0 = System.nanoTime();
                MaintenanceReport report = maintain(spark, env, rewrite.toArray(String[]::new));
                System.out.printf(
                        "%s rewrite: %.1f s, %s%n",
                        strategy,
                        (System.nanoTime() - t0) / 1e9,
                        report.tasks().get(0).message());
                measure(spark, "after " + strategy, table, queries, runs);
            }

            for (Preset preset : Preset.values()) {
                resetPeakHeap();
                long t0 = System.nanoTime();
                MaintenanceReport report = maintain(spark, env, "--preset=" + preset.label());
                System.out.printf(
                        "preset %-13s %6.1f s, peak heap %4d MB, %s%n",
                        preset.label(),
                        (System.nanoTime() - t0) / 1e9,
                        peakHeapMb(),
                        report.tasks().stream()
                                .map(t -> t.table().substring(t.table().lastIndexOf('.') + 1) + ":" + t.task() + "="
                                        + t.status() + "(" + t.before().dataFiles() + "->"
                                        + t.after().dataFiles()
                                        + " files)")
                                .collect(Collectors.joining(" ")));
            }
            spark.stop();
        }
    }

    private static String buildSilver(SparkSession spark, LakehouseSettings settings, Map<String, String> env)
            throws Exception {
        new LakehouseCatalog(spark, settings).ensure(BronzeTables.all());
        BronzeRows bronze = new BronzeRows(spark, settings);
        for (Path file : GhArchiveSample.files()) {
            String name = file.getFileName().toString();
            int hour = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1, name.indexOf('.')));
            bronze.append(GhArchiveSample.hour(hour), Instant.now());
        }
        SilverBatchJob.run(spark, settings);
        String silver = settings.catalog() + "." + settings.namespace(dev.descheduler.lakehouse.Layer.SILVER);
        String base = silver + ".github_events";
        long baseEvents = spark.table(base).count();
        int replicas = (int) ((TARGET_EVENTS + baseEvents - 1) / baseEvents);
        String table = silver + ".bench_events";
        spark.sql("CREATE TABLE " + table + " USING iceberg PARTITIONED BY (days(created_at)) TBLPROPERTIES"
                + " ('format-version'='2', 'write.parquet.compression-codec'='zstd',"
                + " 'write.spark.fanout.enabled'='true', 'write.distribution-mode'='none') AS SELECT * FROM " + base
                + " WHERE false");
        List<String> columns = new ArrayList<>();
        for (StructField field : spark.table(base).schema().fields()) {
            columns.add(
                    switch (field.name()) {
                        case "event_id" -> "concat(event_id, '-', k) AS event_id";
                        case "created_at" -> "created_at + make_interval(0, 0, 0, k) AS created_at";
                        case "created_date" -> "date_add(created_date, k) AS created_date";
                        case "received_at" -> "received_at + make_interval(0, 0, 0, k) AS received_at";
                        default -> "`" + field.name() + "`";
                    });
        }
        // one job spread over many tasks, each writing a file into every day: what many small increments leave
        spark.sql("INSERT INTO " + table + " SELECT /*+ REPARTITION(" + FILES_PER_DAY_AS_WRITTEN + ") */ "
                + String.join(", ", columns) + " FROM " + base + " CROSS JOIN (SELECT CAST(id AS INT) AS k FROM range("
                + replicas
                + "))");
        return table;
    }

    private static MaintenanceReport maintain(SparkSession spark, Map<String, String> env, String... args) {
        MaintenanceSettings settings = MaintenanceSettings.from(Environment.of(env), Arrays.asList(args));
        MaintenanceReport report = new MaintenanceRun(spark, settings, Clock.systemUTC()).run();
        if (report.hasFailures()) {
            throw new IllegalStateException("maintenance failed: " + report.toJson());
        }
        return report;
    }

    private static void measure(
            SparkSession spark, String layout, String table, Map<String, String> queries, int runs) {
        long files = spark.table(table + ".files").count();
        System.out.printf("== %s: %d data files ==%n", layout, files);
        for (Map.Entry<String, String> query : queries.entrySet()) {
            List<Double> seconds = new ArrayList<>();
            long[] scanned = new long[2];
            for (int run = 0; run <= runs; run++) {
                Dataset<Row> df = spark.sql(query.getValue());
                long t0 = System.nanoTime();
                df.collectAsList();
                double s = (System.nanoTime() - t0) / 1e9;
                if (run > 0) {
                    seconds.add(s);
                }
                scanned = scanMetrics(df.queryExecution().executedPlan());
            }
            seconds.sort(Double::compare);
            System.out.printf(
                    "  %-45s files scanned %5d  bytes %,14d  median %6.3f s  (runs %s)%n",
                    query.getKey(),
                    scanned[0],
                    scanned[1],
                    seconds.get(seconds.size() / 2),
                    seconds.stream().map(d -> String.format("%.3f", d)).collect(Collectors.joining(" ")));
        }
    }

    /** Iceberg's own scan metrics on the scan node: data files planned after pruning, and their total size. */
    private static long[] scanMetrics(SparkPlan plan) {
        long[] totals = new long[2];
        scala.collection.Iterator<SparkPlan> nodes = plan.collectLeaves().iterator();
        while (nodes.hasNext()) {
            if (nodes.next() instanceof BatchScanExec scan) {
                var metrics = scan.metrics();
                totals[0] += metrics.get("resultDataFiles").get().value();
                totals[1] += metrics.get("totalDataFileSize").get().value();
            }
        }
        return totals;
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}

package dev.descheduler.silver;

import dev.descheduler.events.GhArchiveSample;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import dev.descheduler.localstack.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Silver's throughput on the real GH Archive sample (a benchmark, not a test; benchmarks/silver.sh runs it). Each run
 * starts from empty tables: six hours land in Bronze as six snapshots, then, timed, (1) Spark reading those Bronze
 * rows into a no-op sink, (2) reading and parsing them into a no-op sink (the ceilings), (3) the full Silver build;
 * then the seventh hour lands and (4) the incremental run that takes it in is timed. Round 0 warms the JIT up and is
 * printed but not counted; the medians of the counted rounds close the output.
 */
public final class SilverBenchmark {

    private static final List<Integer> FULL_BUILD_HOURS = List.of(0, 1, 3, 4, 5, 12);
    private static final int INCREMENT_HOUR = 15;

    private SilverBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path dir = Files.createTempDirectory("silver-bench-");
        try (LocalStack stack = LocalStack.builder()
                .dataDir(dir)
                .servers(EnumSet.of(LocalStack.Server.S3, LocalStack.Server.POSTGRES))
                .ephemeralPorts()
                .build()
                .start()) {
            LakehouseSettings settings = LakehouseSettings.from(Environment.of(stack.env()));
            Map<String, String> conf = new HashMap<>(SilverBatchJob.SPARK_OVERRIDES);
            conf.put("spark.ui.enabled", "false");
            SparkSession spark = LakehouseSession.create(settings, "silver-benchmark", conf);
            List<List<String>> hours = new ArrayList<>();
            for (int hour : FULL_BUILD_HOURS) {
                hours.add(GhArchiveSample.hour(hour));
            }
            List<String> increment = GhArchiveSample.hour(INCREMENT_HOUR);
            long fullEvents = hours.stream().mapToLong(List::size).sum();
            System.out.printf(
                    "silver benchmark: full build %d events (hours %s), increment %d events (hour %s), %d runs%n",
                    fullEvents, FULL_BUILD_HOURS, increment.size(), INCREMENT_HOUR, runs);
            List<double[]> counted = new ArrayList<>();
            for (int run = 0; run <= runs; run++) {
                for (String table : List.of(
                        BronzeTables.EVENTS.identifier(settings),
                        SilverTables.EVENTS.identifier(settings),
                        SilverTables.REJECTED.identifier(settings))) {
                    spark.sql("DROP TABLE IF EXISTS " + table + " PURGE");
                }
                new LakehouseCatalog(spark, settings).ensure(BronzeTables.all());
                BronzeFixture bronze = new BronzeFixture(spark, settings);
                for (List<String> hour : hours) {
                    bronze.land(hour, Instant.now());
                }
                String bronzeId = BronzeTables.EVENTS.identifier(settings);
                double read = timed(() -> spark.table(bronzeId)
                        .select(ParsedRows.BRONZE_COLUMNS.stream()
                                .map(Column::new)
                                .toArray(Column[]::new))
                        .write()
                        .format("noop")
                        .mode("overwrite")
                        .save());
                double parse = timed(() -> spark.table(bronzeId)
                        .select(ParsedRows.BRONZE_COLUMNS.stream()
                                .map(Column::new)
                                .toArray(Column[]::new))
                        .mapPartitions(new ParsedRows(), Encoders.row(ParsedRows.schema()))
                        .write()
                        .format("noop")
                        .mode("overwrite")
                        .save());
                SilverRunReport[] full = new SilverRunReport[1];
                double build = timed(() -> full[0] = SilverBatchJob.run(spark, settings));
                bronze.land(increment, Instant.now());
                SilverRunReport[] incremental = new SilverRunReport[1];
                double incrementSeconds = timed(() -> incremental[0] = SilverBatchJob.run(spark, settings));
                if (full[0].inserted() != fullEvents || incremental[0].inserted() != increment.size()) {
                    throw new IllegalStateException(
                            "unexpected counts: " + full[0].toJson() + " / " + incremental[0].toJson());
                }
                if (run > 0) {
                    counted.add(new double[] {
                        fullEvents / read, fullEvents / parse, fullEvents / build, increment.size() / incrementSeconds
                    });
                }
                System.out.printf(
                        (run == 0 ? "warm-up (not counted)" : "run " + run)
                                + ": ceiling read->noop %.0f ev/s | read+parse->noop %.0f ev/s | full build %.0f ev/s"
                                + " (%.1f s) | incremental %.0f ev/s (%.1f s) | full build = %.0f%% of read+parse%n",
                        fullEvents / read,
                        fullEvents / parse,
                        fullEvents / build,
                        build,
                        increment.size() / incrementSeconds,
                        incrementSeconds,
                        100 * parse / build);
            }
            System.out.printf(
                    "medians of %d runs: read->noop %.0f ev/s | read+parse->noop %.0f ev/s | full build %.0f ev/s"
                            + " | incremental %.0f ev/s%n",
                    runs, median(counted, 0), median(counted, 1), median(counted, 2), median(counted, 3));
            spark.stop();
        }
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double timed(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }
}

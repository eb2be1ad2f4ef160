package dev.descheduler.silver;

import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.metrics.NewestReceived;
import dev.descheduler.lakehouse.metrics.RunMetrics;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bronze to Silver, incrementally: typed, flattened, one row per GitHub event id. Prints what it did as one JSON line
 * ({@link SilverRunReport}); exits non-zero on any failure. Run it as often as wanted: a run with nothing new in
 * Bronze commits nothing.
 */
public final class SilverBatchJob {

    private static final Logger LOG = LoggerFactory.getLogger(SilverBatchJob.class);

    /** The parser's values are java.time types; Spark takes them as they are with this on. */
    public static final Map<String, String> SPARK_OVERRIDES = Map.of("spark.sql.datetime.java8API.enabled", "true");

    private SilverBatchJob() {}

    public static void main(String[] args) {
        int status;
        RunMetrics metrics = RunMetrics.forJob("silver-batch-job", Environment.system());
        // known once the settings are read; a run refused for its settings pushes nothing, since a failure under
        // another table label than its successes would start an alert that no later success could clear
        String table = null;
        try {
            LakehouseSettings settings = LakehouseSettings.fromEnvironment();
            LOG.info("silver settings: {}", settings);
            table = SilverTables.EVENTS.identifier(settings);
            SparkSession spark = LakehouseSession.create(settings, "silver-batch-job", SPARK_OVERRIDES);
            try {
                SilverRunReport report = run(spark, settings);
                System.out.println(report.toJson());
                metrics.succeeded(table, report.counts(), NewestReceived.in(spark, table));
            } finally {
                spark.stop();
            }
            status = 0;
        } catch (Exception e) {
            LOG.error("silver-batch-job failed", e);
            System.err.println("silver-batch-job failed: " + e.getMessage());
            if (table != null) {
                metrics.failed(table);
            }
            status = 1;
        }
        System.exit(status);
    }

    public static SilverRunReport run(SparkSession spark, LakehouseSettings settings) throws Exception {
        return new SilverMerge(spark, settings).run();
    }
}

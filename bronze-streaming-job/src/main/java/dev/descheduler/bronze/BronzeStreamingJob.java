package dev.descheduler.bronze;

import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.metrics.NewestReceived;
import dev.descheduler.lakehouse.metrics.RunMetrics;
import dev.descheduler.lakehouse.table.BronzeTables;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka topic of Avro batches to {@code bronze.github_events}. Runs until stopped (processing-time trigger,
 * {@code BRONZE_TRIGGER_INTERVAL}) or, with {@code --available-now}, takes what the topic holds now, commits and
 * exits. Prints what it wrote; exits non-zero on any failure.
 */
public final class BronzeStreamingJob {

    private static final Logger LOG = LoggerFactory.getLogger(BronzeStreamingJob.class);

    private BronzeStreamingJob() {}

    public static void main(String[] args) {
        int status;
        // the continuous stream is scraped (its listener's /metrics); an available-now run is a batch job and pushes
        boolean batch = List.of(args).contains("--available-now");
        RunMetrics metrics =
                batch ? RunMetrics.forJob("bronze-available-now", Environment.system()) : RunMetrics.discard();
        // known once the settings are read; a run refused for its settings pushes nothing, since a failure under
        // another table label than its successes would start an alert that no later success could clear
        String table = null;
        try {
            BronzeSettings settings = BronzeSettings.from(Environment.system(), List.of(args));
            LOG.info("bronze settings: {}", settings);
            table = BronzeTables.EVENTS.identifier(settings.lakehouse());
            SparkSession spark = LakehouseSession.create(settings.lakehouse(), "bronze-streaming-job");
            BronzeStreamMonitor monitor = null;
            try {
                // the continuous stream serves /metrics for as long as it runs; it stops serving before Spark stops
                monitor = batch ? null : BronzeStreamMonitor.start(settings, spark);
                BronzeRunReport report = run(spark, settings);
                System.out.println(report.summary(table, BronzeTables.QUARANTINE.identifier(settings.lakehouse())));
                if (batch) {
                    metrics.succeeded(table, report.counts(), NewestReceived.in(spark, table));
                }
            } finally {
                if (monitor != null) {
                    monitor.close();
                }
                spark.stop();
            }
            status = 0;
        } catch (Exception e) {
            LOG.error("bronze-streaming-job failed", e);
            System.err.println("bronze-streaming-job failed: " + e.getMessage());
            if (table != null) {
                metrics.failed(table);
            }
            status = 1;
        }
        System.exit(status);
    }

    /** One run with the envelope schema this job was built with. */
    static BronzeRunReport run(SparkSession spark, BronzeSettings settings) throws Exception {
        return run(spark, settings, GitHubEvent.getClassSchema());
    }

    /** One run that reads events as {@code envelope} (a compatible version of the envelope schema). */
    static BronzeRunReport run(SparkSession spark, BronzeSettings settings, Schema envelope) throws Exception {
        return new BronzeStreamWriter(spark, settings, envelope).run();
    }
}

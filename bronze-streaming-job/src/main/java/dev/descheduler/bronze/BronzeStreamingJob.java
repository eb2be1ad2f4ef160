package dev.descheduler.bronze;

import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.metrics.NewestReceived;
import dev.descheduler.lakehouse.metrics.RunMetrics;
import dev.descheduler.lakehouse.table.BronzeTables;
import java.time.Duration;
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

    /** How long a SIGTERM waits for the run to stop its queries, read its report and stop Spark. */
    private static final Duration SHUTDOWN_FINISH_WITHIN = Duration.ofSeconds(60);

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
            GracefulShutdown shutdown = GracefulShutdown.install(SHUTDOWN_FINISH_WITHIN);
            try {
                // the continuous stream serves /metrics for as long as it runs; it stops serving before Spark stops
                monitor = batch ? null : BronzeStreamMonitor.start(settings, spark);
                BronzeRunReport report = run(spark, settings, GitHubEvent.getClassSchema(), shutdown);
                System.out.println(report.summary(table, BronzeTables.QUARANTINE.identifier(settings.lakehouse())));
                if (batch && report.stopped()) {
                    // what it committed stays committed; the run itself did not take in what the topic held
                    metrics.failed(table);
                } else if (batch) {
                    metrics.succeeded(table, report.counts(), NewestReceived.in(spark, table));
                }
                LOG.info(report.stopped() ? "bronze-streaming-job stopped on request" : "bronze-streaming-job done");
            } finally {
                if (monitor != null) {
                    monitor.close();
                }
                spark.stop();
                shutdown.close();
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
        return run(spark, settings, envelope, GracefulShutdown.none());
    }

    private static BronzeRunReport run(
            SparkSession spark, BronzeSettings settings, Schema envelope, GracefulShutdown shutdown) throws Exception {
        return new BronzeStreamWriter(spark, settings, envelope, shutdown).run();
    }
}

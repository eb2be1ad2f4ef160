package dev.descheduler.maintenance;

import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.metrics.RunMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Iceberg table maintenance as an ordinary Spark application: a preset (for example {@code bronze-daily}) or one
 * table and its tasks. Prints what every task did as one JSON line ({@link MaintenanceReport}) and exits non-zero
 * when a task failed or the arguments are wrong.
 */
public final class MaintenanceJob {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJob.class);

    private MaintenanceJob() {}

    public static void main(String[] args) {
        int status;
        try {
            MaintenanceSettings settings = MaintenanceSettings.from(Environment.system(), List.of(args));
            LOG.info("maintenance settings: {}", settings);
            // created before the session starts: it times the run from here, and a sink made after the run pushed ~0 s
            RunMetrics metrics = RunMetrics.forJob(jobName(settings), Environment.system());
            SparkSession spark = LakehouseSession.create(settings.lakehouse(), "maintenance-jobs");
            try {
                MaintenanceReport report = run(spark, settings);
                System.out.println(report.toJson());
                if (settings.mode() == RunMode.APPLY) {
                    push(report, metrics);
                }
                status = report.hasFailures() ? 1 : 0;
                if (report.hasFailures()) {
                    report.tasks().stream()
                            .filter(TaskReport::isFailed)
                            .forEach(t -> System.err.println(
                                    "maintenance-jobs: " + t.task() + " on " + t.table() + " failed: " + t.message()));
                }
            } finally {
                spark.stop();
            }
        } catch (Exception e) {
            LOG.error("maintenance-jobs failed", e);
            System.err.println("maintenance-jobs failed: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    /** One Pushgateway group per preset and table: a daily and a weekly run of one table keep figures of their own. */
    private static String jobName(MaintenanceSettings settings) {
        return "maintenance-" + settings.preset().map(Preset::label).orElse("by-table");
    }

    private static void push(MaintenanceReport report, RunMetrics metrics) {
        report.countsByTable()
                .forEach((table, counts) -> counts.ifPresentOrElse(
                        c -> metrics.succeeded(table, c, Optional.empty()), () -> metrics.failed(table)));
    }

    public static MaintenanceReport run(SparkSession spark, MaintenanceSettings settings) {
        return new MaintenanceRun(spark, settings, Clock.systemUTC()).run();
    }
}

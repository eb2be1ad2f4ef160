package dev.descheduler.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.events.GhArchiveSample;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * bronze-daily on a Bronze table fed in hundreds of small commits, while a writer keeps appending to today's
 * partition as the stream does: far fewer files afterwards, every row exactly once.
 */
@ExtendWith(SharedLakehouseExtension.class)
class BronzeCompactionIT {

    private static final int SMALL_COMMITS = 200;
    private static final int EVENTS_PER_COMMIT = 10;

    @Test
    void bronzeDailyCompactsClosedDaysWhileTheStreamKeepsCommitting(SharedLakehouse lake) throws Exception {
        SparkSession spark = lake.spark();
        LakehouseSettings settings = lake.settings("compaction");
        new LakehouseCatalog(spark, settings).ensure(BronzeTables.all());
        BronzeRows bronze = new BronzeRows(spark, settings);
        List<String> events = GhArchiveSample.hour(3);
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        int closedEvents = SMALL_COMMITS * EVENTS_PER_COMMIT;
        bronze.appendInSmallCommits(events.subList(0, closedEvents), today.minus(Duration.ofDays(1)), SMALL_COMMITS);
        Table table = Spark3Util.loadIcebergTable(spark, bronze.table());
        long closedFilesBefore = closedDayFiles(spark, bronze.table(), today);
        assertThat(closedFilesBefore).isEqualTo(SMALL_COMMITS);
        assertThat(spark.table(bronze.table() + ".snapshots").count()).isEqualTo(SMALL_COMMITS);

        AtomicBoolean streaming = new AtomicBoolean(true);
        AtomicInteger streamCommits = new AtomicInteger();
        AtomicInteger commitsDuringRewrite = new AtomicInteger();
        AtomicBoolean rewriting = new AtomicBoolean(false);
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
            int n = 0;
            while (streaming.get()) {
                int from = (SMALL_COMMITS * EVENTS_PER_COMMIT + n * EVENTS_PER_COMMIT)
                        % (events.size() - EVENTS_PER_COMMIT);
                try {
                    bronze.append(events.subList(from, from + EVENTS_PER_COMMIT), Instant.now());
                } catch (Exception e) {
                    throw new IllegalStateException("the stream's commit " + n + " failed", e);
                }
                streamCommits.incrementAndGet();
                if (rewriting.get()) {
                    commitsDuringRewrite.incrementAndGet();
                }
                n++;
            }
        });

        MaintenanceSettings run =
                MaintenanceSettings.from(Environment.of(lake.env("compaction")), List.of("--preset=bronze-daily"));
        rewriting.set(true);
        MaintenanceReport report = new MaintenanceRun(spark, run, Clock.systemUTC()).run();
        rewriting.set(false);
        int commitsAfterRewrite = streamCommits.get();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofMinutes(2))
                .until(() -> streamCommits.get() >= commitsAfterRewrite + 1);
        streaming.set(false);
        stream.get();

        assertThat(report.hasFailures()).as(report.toJson()).isFalse();
        TaskReport events2 = report.tasks().stream()
                .filter(t -> t.table().endsWith(".github_events"))
                .findFirst()
                .orElseThrow();
        assertThat(events2.status()).isEqualTo("done");
        assertThat(events2.counts().get("rewritten_data_files")).isGreaterThanOrEqualTo(SMALL_COMMITS);
        assertThat(events2.before().dataFiles()).isGreaterThan(events2.after().dataFiles());
        long closedFilesAfter = closedDayFiles(spark, bronze.table(), today);
        assertThat(closedFilesAfter)
                .as("one closed day, a few hundred KB: one file")
                .isEqualTo(1);
        assertThat(commitsDuringRewrite.get())
                .as("the stream committed during the rewrite")
                .isPositive();
        assertThat(todayFiles(spark, bronze.table(), today))
                .as("today's partition is left to the stream")
                .isEqualTo(streamCommits.get());
        assertThat(bronze.actualFingerprint()).isEqualTo(bronze.expectedFingerprint());
        table.refresh();
        assertThat(spark.sql("SELECT count(*) FROM "
                                + lake.settings("compaction").catalog()
                                + ".compaction_ops.maintenance_runs WHERE task = 'rewrite_data_files'"
                                + " AND status = 'done' AND data_files_after < data_files_before")
                        .first()
                        .getLong(0))
                .isEqualTo(1);
    }

    private static long closedDayFiles(SparkSession spark, String table, Instant today) {
        return spark.sql("SELECT count(*) FROM " + table + ".files WHERE partition.received_at_day < DATE'"
                        + today.toString().substring(0, 10) + "'")
                .first()
                .getLong(0);
    }

    private static long todayFiles(SparkSession spark, String table, Instant today) {
        Row row = spark.sql("SELECT count(*) FROM " + table + ".files WHERE partition.received_at_day = DATE'"
                        + today.toString().substring(0, 10) + "'")
                .first();
        return row.getLong(0);
    }
}

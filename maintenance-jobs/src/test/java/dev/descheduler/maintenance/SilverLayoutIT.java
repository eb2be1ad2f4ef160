package dev.descheduler.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.events.GhArchiveSample;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import dev.descheduler.silver.SilverBatchJob;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Silver built by the Silver job in several increments (files whose bounds all span every key), then rewritten in
 * sort order and in z-order: the same rows, and the files' column bounds (the {@code files} metadata table) now
 * separate the layout's keys, which is what lets a filter skip files.
 */
@ExtendWith(SharedLakehouseExtension.class)
class SilverLayoutIT {

    // small output files, so that one day of sample events becomes several files whose bounds can be compared
    private static final List<String> SMALL_FILES =
            List.of("--rewrite-option=rewrite-all=true", "--rewrite-option=target-file-size-bytes=262144");

    @Test
    void sortAndZorderKeepEveryRowAndSeparateTheirKeys(SharedLakehouse lake) throws Exception {
        SparkSession spark = lake.spark();
        LakehouseSettings settings = lake.settings("layout");
        new LakehouseCatalog(spark, settings).ensure(BronzeTables.all());
        BronzeRows bronze = new BronzeRows(spark, settings);
        List<String> hour3 = GhArchiveSample.hour(3);
        int half = hour3.size() / 2;
        Instant receivedAt = Instant.parse("2026-11-01T10:00:00Z");
        bronze.append(hour3.subList(0, half), receivedAt);
        SilverBatchJob.run(spark, settings);
        bronze.append(hour3.subList(half, hour3.size()), receivedAt);
        SilverBatchJob.run(spark, settings);
        bronze.append(GhArchiveSample.hour(4), receivedAt);
        SilverBatchJob.run(spark, settings);
        String silver = settings.catalog() + ".layout_silver.github_events";
        String rows = fingerprint(spark, silver);
        long filesBefore = spark.table(silver + ".files").count();
        double typesBefore = filesPerValue(spark, silver, "event_type");
        double reposBefore = filesPerValue(spark, silver, "repo_id");
        double actorsBefore = filesPerValue(spark, silver, "actor_id");
        assertThat(filesBefore).as("one file per Silver run").isGreaterThanOrEqualTo(3);

        MaintenanceReport sorted = run(lake, "--strategy=sort");
        assertThat(sorted.hasFailures()).as(sorted.toJson()).isFalse();
        long filesSorted = spark.table(silver + ".files").count();
        double typesSorted = filesPerValue(spark, silver, "event_type");
        assertThat(fingerprint(spark, silver)).isEqualTo(rows);
        assertThat(filesSorted).isGreaterThan(2);
        // the share of the files a lookup of one value must open: every file before, a few after
        assertThat(typesSorted / filesSorted)
                .as(
                        "files per event type: %s of %s before, %s of %s after sorting",
                        typesBefore, filesBefore, typesSorted, filesSorted)
                .isLessThan(typesBefore / filesBefore / 2);

        MaintenanceReport zordered = run(lake);
        assertThat(zordered.hasFailures()).as(zordered.toJson()).isFalse();
        assertThat(zordered.tasks().get(0).message()).startsWith("zorder by [repo_id, actor_id]");
        long filesZordered = spark.table(silver + ".files").count();
        double reposZordered = filesPerValue(spark, silver, "repo_id");
        double actorsZordered = filesPerValue(spark, silver, "actor_id");
        assertThat(fingerprint(spark, silver)).isEqualTo(rows);
        assertThat(reposZordered / filesZordered)
                .as(
                        "files per repo: %s of %s before, %s of %s after z-ordering",
                        reposBefore, filesBefore, reposZordered, filesZordered)
                .isLessThan(reposBefore / filesBefore / 2);
        assertThat(actorsZordered / filesZordered)
                .as("actors, the second z-order key")
                .isLessThan(actorsBefore / filesBefore);
    }

    private static MaintenanceReport run(SharedLakehouse lake, String... extra) {
        List<String> args =
                new ArrayList<>(List.of("--table=layout_silver.github_events", "--tasks=rewrite_data_files"));
        args.addAll(SMALL_FILES);
        args.addAll(List.of(extra));
        MaintenanceSettings settings = MaintenanceSettings.from(Environment.of(lake.env("layout")), args);
        return new MaintenanceRun(lake.spark(), settings, Clock.systemUTC()).run();
    }

    /** On average, how many data files' [lower, upper] bounds on {@code column} contain one of its values. */
    private static double filesPerValue(SparkSession spark, String table, String column) {
        return spark.sql("SELECT avg(n) FROM (SELECT v.x, count(*) AS n FROM (SELECT DISTINCT " + column + " AS x FROM "
                        + table + " WHERE " + column + " IS NOT NULL) v JOIN " + table + ".files f ON v.x BETWEEN"
                        + " f.readable_metrics." + column + ".lower_bound AND f.readable_metrics." + column
                        + ".upper_bound GROUP BY v.x)")
                .first()
                .getDouble(0);
    }

    private static String fingerprint(SparkSession spark, String table) {
        return spark.sql(
                        "SELECT count(*), count(DISTINCT event_id), sum(cast(xxhash64(event_id, event_type, created_at,"
                                + " repo_id, actor_id, payload_action, push_head, pr_number) AS DECIMAL(38, 0))) FROM "
                                + table)
                .first()
                .toString();
    }
}

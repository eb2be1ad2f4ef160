package dev.descheduler.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.events.GhArchiveSample;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.SparkSession;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * delete_orphan_files on real S3 (prefix listing on s3://): the run's clock is set so that one stray file is past the
 * minimum age and one written a few seconds later is not; the table's own files are older than both.
 */
@ExtendWith(SharedLakehouseExtension.class)
class DeleteOrphanFilesIT {

    @Test
    void onlyStrayFilesPastTheMinimumAgeAreDeletedAndADryRunDeletesNothing(SharedLakehouse lake) throws Exception {
        SparkSession spark = lake.spark();
        LakehouseSettings settings = lake.settings("orphans");
        new LakehouseCatalog(spark, settings).ensure(BronzeTables.all());
        BronzeRows bronze = new BronzeRows(spark, settings);
        List<String> events = GhArchiveSample.hour(12);
        for (int i = 0; i < 3; i++) {
            bronze.append(events.subList(i * 50, i * 50 + 50), Instant.now());
        }
        Table table = Spark3Util.loadIcebergTable(spark, bronze.table());
        List<String> liveFiles = new ArrayList<>();
        try (var tasks = table.newScan().planFiles()) {
            tasks.forEach(t -> liveFiles.add(t.file().location()));
        }
        String oldStray = table.location() + "/data/received_at_day=2026-01-01/00000-stray-old.parquet";
        write(table, oldStray);
        // github_events_quarantine's location starts with github_events' location: a listing by bare string prefix
        // would take the sibling's files for this table's orphans
        Table sibling = Spark3Util.loadIcebergTable(spark, BronzeTables.QUARANTINE.identifier(settings));
        String siblingStray = sibling.location() + "/data/00000-sibling-old.parquet";
        write(sibling, siblingStray);
        // S3 keeps modification times in whole seconds: the young file is written two seconds later
        Instant oldWritten = Instant.now();
        Awaitility.await().until(() -> Instant.now().isAfter(oldWritten.plusSeconds(2)));
        String youngStray = table.location() + "/data/00000-stray-young.parquet";
        write(table, youngStray);
        // the default minimum age is 3 days: a clock 3 days and 1 s after the old file makes it just old enough
        Clock clock = Clock.fixed(oldWritten.plus(Duration.ofDays(3)).plusSeconds(1), ZoneOffset.UTC);
        String before = bronze.actualFingerprint();

        MaintenanceReport dryRun = run(lake, clock, "--dry-run");
        assertThat(dryRun.hasFailures()).as(dryRun.toJson()).isFalse();
        TaskReport dry = dryRun.tasks().get(0);
        assertThat(dry.status()).isEqualTo("dry_run");
        assertThat(dry.wouldDelete()).containsExactly(oldStray);
        assertThat(dry.orphanFilesFound()).isEqualTo(1);
        assertThat(dry.orphanFilesDeleted()).isZero();
        assertThat(exists(table, oldStray)).as("a dry run deletes nothing").isTrue();

        MaintenanceReport real = run(lake, clock);
        TaskReport task = real.tasks().get(0);
        assertThat(task.status()).as(real.toJson()).isEqualTo("done");
        assertThat(task.orphanFilesFound()).isEqualTo(1);
        assertThat(task.orphanFilesDeleted()).isEqualTo(1);
        assertThat(exists(table, oldStray)).isFalse();
        assertThat(exists(table, youngStray)).as("younger than the minimum age").isTrue();
        assertThat(exists(table, siblingStray)).as("another table's file").isTrue();
        for (String live : liveFiles) {
            assertThat(exists(table, live)).as(live).isTrue();
        }
        assertThat(bronze.actualFingerprint()).isEqualTo(before).isEqualTo(bronze.expectedFingerprint());
        assertThat(spark.sql("SELECT orphan_files_found, orphan_files_deleted, mode FROM " + settings.catalog()
                                + ".orphans_ops.maintenance_runs ORDER BY mode DESC")
                        .collectAsList()
                        .toString())
                .isEqualTo("[[1,0,dry_run], [1,1,apply]]");
    }

    private static MaintenanceReport run(SharedLakehouse lake, Clock clock, String... extra) {
        List<String> args =
                new ArrayList<>(List.of("--table=orphans_bronze.github_events", "--tasks=delete_orphan_files"));
        args.addAll(List.of(extra));
        MaintenanceSettings settings = MaintenanceSettings.from(Environment.of(lake.env("orphans")), args);
        return new MaintenanceRun(lake.spark(), settings, clock).run();
    }

    private static void write(Table table, String location) throws Exception {
        try (OutputStream out = table.io().newOutputFile(location).createOrOverwrite()) {
            out.write("not referenced by any snapshot".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static boolean exists(Table table, String location) {
        return table.io().newInputFile(location).exists();
    }
}

package dev.descheduler.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descheduler.events.GhArchiveSample;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * expire_snapshots against real S3 and PostgreSQL: the run's clock is moved forward so that the first commits fall
 * out of the retention while the later ones stay inside it.
 */
@ExtendWith(SharedLakehouseExtension.class)
class ExpireSnapshotsIT {

    @Test
    void snapshotsOlderThanTheRetentionGoWithTheFilesOnlyTheyReferenced(SharedLakehouse lake) throws Exception {
        SparkSession spark = lake.spark();
        LakehouseSettings settings = lake.settings("expiry");
        new LakehouseCatalog(spark, settings).ensure(BronzeTables.all());
        BronzeRows bronze = new BronzeRows(spark, settings);
        List<String> events = GhArchiveSample.hour(4);
        Instant yesterday = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
        bronze.appendInSmallCommits(events.subList(0, 120), yesterday, 6);
        Table table = Spark3Util.loadIcebergTable(spark, bronze.table());
        List<String> smallFiles = dataFiles(table);
        Snapshot old = table.currentSnapshot();
        // compaction (binpack needs at least 5 files in a group) leaves the small files referenced only by the
        // snapshots before it
        MaintenanceReport compaction =
                run(lake, Clock.systemUTC(), "--table=expiry_bronze.github_events", "--tasks=rewrite_data_files");
        assertThat(compaction.hasFailures()).as(compaction.toJson()).isFalse();
        table.refresh();
        Instant boundary =
                Instant.ofEpochMilli(table.currentSnapshot().timestampMillis()).plusMillis(1);
        org.awaitility.Awaitility.await().until(() -> Instant.now().isAfter(boundary));
        bronze.appendInSmallCommits(events.subList(120, 180), yesterday, 3);
        table.refresh();
        List<Snapshot> retainedBefore = new ArrayList<>();
        table.snapshots().forEach(s -> {
            if (s.timestampMillis() >= boundary.toEpochMilli()) {
                retainedBefore.add(s);
            }
        });
        assertThat(retainedBefore).hasSize(3);
        long rowsNow = spark.table(bronze.table()).count();

        // retention 2 days: a clock two days after the boundary puts everything before it out of the retention
        Clock later = Clock.fixed(boundary.plus(Duration.ofDays(2)), ZoneOffset.UTC);
        MaintenanceReport dryRun = run(
                lake,
                later,
                "--table=expiry_bronze.github_events",
                "--tasks=expire_snapshots",
                "--min-snapshots=2",
                "--dry-run");
        MaintenanceReport expiry = run(
                lake, later, "--table=expiry_bronze.github_events", "--tasks=expire_snapshots", "--min-snapshots=2");

        TaskReport dry = dryRun.tasks().get(0);
        assertThat(dry.status()).isEqualTo("dry_run");
        assertThat(dry.wouldDelete()).hasSize(7).anyMatch(s -> s.contains(Long.toString(old.snapshotId())));
        assertThat(dry.after().snapshots()).isEqualTo(dry.before().snapshots());
        TaskReport task = expiry.tasks().get(0);
        assertThat(task.status()).as(expiry.toJson()).isEqualTo("done");
        assertThat(task.counts().get("expired_snapshots")).isEqualTo(7);
        assertThat(task.counts().get("deleted_data_files")).isEqualTo(smallFiles.size());
        assertThat(task.after().snapshots()).isEqualTo(3);
        table.refresh();
        for (Snapshot kept : retainedBefore) {
            assertThat(table.snapshot(kept.snapshotId())).isNotNull();
        }
        for (String file : smallFiles) {
            assertThat(table.io().newInputFile(file).exists()).as(file).isFalse();
        }
        long firstRetained = retainedBefore.get(0).snapshotId();
        assertThat(spark.sql("SELECT count(*) FROM " + bronze.table() + " VERSION AS OF " + firstRetained)
                        .first()
                        .getLong(0))
                .isEqualTo(rowsNow - 40); // the last two commits of 20 rows each
        assertThatThrownBy(
                        () -> spark.sql("SELECT count(*) FROM " + bronze.table() + " VERSION AS OF " + old.snapshotId())
                                .first())
                .hasMessageContaining("Cannot find snapshot with ID " + old.snapshotId());
        assertThat(bronze.actualFingerprint()).isEqualTo(bronze.expectedFingerprint());

        // the latest snapshots survive however old they are
        MaintenanceReport everythingOld = run(
                lake,
                Clock.fixed(boundary.plus(Duration.ofDays(30)), ZoneOffset.UTC),
                "--table=expiry_bronze.github_events",
                "--tasks=expire_snapshots",
                "--min-snapshots=2");
        assertThat(everythingOld.tasks().get(0).after().snapshots()).isEqualTo(2);
        assertThat(bronze.actualFingerprint()).isEqualTo(bronze.expectedFingerprint());
    }

    private static MaintenanceReport run(SharedLakehouse lake, Clock clock, String... args) {
        MaintenanceSettings settings = MaintenanceSettings.from(Environment.of(lake.env("expiry")), List.of(args));
        return new MaintenanceRun(lake.spark(), settings, clock).run();
    }

    private static List<String> dataFiles(Table table) throws Exception {
        List<String> files = new ArrayList<>();
        try (var tasks = table.newScan().planFiles()) {
            tasks.forEach(t -> files.add(t.file().location()));
        }
        assertThat(files).hasSize(6);
        return files;
    }
}

package dev.descheduler.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.Layer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaintenanceSettingsTest {

    private static MaintenanceSettings parse(String... args) {
        return MaintenanceSettings.from(Environment.of(Map.of()), List.of(args));
    }

    @Test
    void aPresetRunsItsTasksOnItsLayerWithTheDefaults() {
        MaintenanceSettings settings = parse("--preset=bronze-weekly");

        assertThat(settings.preset()).contains(Preset.BRONZE_WEEKLY);
        assertThat(settings.plannedTasks())
                .containsExactly("expire_snapshots", "delete_orphan_files", "rewrite_manifests");
        assertThat(settings.selection()).isEqualTo("bronze-weekly");
        assertThat(settings.mode()).isEqualTo(RunMode.APPLY);
        assertThat(settings.overrides().isEmpty()).isTrue();
        assertThat(settings.allowShortOrphanMinAge()).isFalse();
        assertThat(settings.rewriteOptions()).isEmpty();
        assertThat(settings.opsNamespace()).isEqualTo("ops");
        assertThat(settings.checkpointLocations())
                .containsExactly("s3a://warehouse/checkpoints", "s3a://warehouse/checkpoints/bronze");
    }

    @Test
    void aTableRunNamesItsTasksAndFindsItsLayer() {
        MaintenanceSettings settings =
                parse("--table=silver.github_events", "--tasks=rewrite_data_files, expire_snapshots");

        assertThat(settings.tableLayer()).contains(Layer.SILVER);
        assertThat(settings.plannedTasks()).containsExactly("rewrite_data_files", "expire_snapshots");
        assertThat(settings.selection()).isEqualTo("silver.github_events: rewrite_data_files,expire_snapshots");
    }

    @Test
    void everyOverrideAndFlagIsRead() {
        MaintenanceSettings settings = MaintenanceSettings.from(
                Environment.of(Map.of("OPS_NAMESPACE", "ops2", "BRONZE_CHECKPOINT_LOCATION", "s3a://warehouse/cp")),
                List.of(
                        "--table=silver.github_events",
                        "--tasks=rewrite_data_files,delete_orphan_files",
                        "--dry-run",
                        "--strategy=sort",
                        "--columns=repo_id,created_at",
                        "--snapshot-retention=36h",
                        "--min-snapshots=3",
                        "--orphan-min-age=2h",
                        MaintenanceSettings.ALLOW_SHORT_ORPHAN_AGE_FLAG,
                        "--rewrite-option=rewrite-all=true"));

        assertThat(settings.mode()).isEqualTo(RunMode.DRY_RUN);
        assertThat(settings.allowShortOrphanMinAge()).isTrue();
        assertThat(settings.rewriteOptions()).containsExactly(Map.entry("rewrite-all", "true"));
        assertThat(settings.opsNamespace()).isEqualTo("ops2");
        assertThat(settings.checkpointLocations()).containsExactly("s3a://warehouse/checkpoints", "s3a://warehouse/cp");
        TablePolicy policy = settings.policyFor(Layer.SILVER, "github_events");
        assertThat(policy.strategy()).isEqualTo(RewriteStrategy.SORT);
        assertThat(policy.layoutColumns()).containsExactly("repo_id", "created_at");
        assertThat(policy.snapshotRetention()).isEqualTo(Duration.ofHours(36));
        assertThat(policy.minSnapshots()).isEqualTo(3);
        assertThat(policy.orphanMinAge()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void anOrphanMinimumAgeUnderADayIsRefusedWithoutTheFlag() {
        assertThatThrownBy(() -> parse("--preset=silver-weekly", "--orphan-min-age=12h"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12h is under 1 day")
                .hasMessageContaining(MaintenanceSettings.ALLOW_SHORT_ORPHAN_AGE_FLAG);
        assertThat(parse(
                                "--preset=silver-weekly",
                                "--orphan-min-age=12h",
                                MaintenanceSettings.ALLOW_SHORT_ORPHAN_AGE_FLAG)
                        .policyFor(Layer.SILVER, "github_events")
                        .orphanMinAge())
                .isEqualTo(Duration.ofHours(12));
        assertThat(parse("--preset=silver-daily", "--orphan-min-age=12h").preset())
                .as("no orphan task in the run, nothing to refuse")
                .contains(Preset.SILVER_DAILY);
    }

    @Test
    void wrongArgumentsSayWhatIsWrong() {
        assertThatThrownBy(MaintenanceSettingsTest::parse).hasMessageContaining("either a preset or a table");
        assertThatThrownBy(() ->
                        parse("--preset=bronze-daily", "--table=bronze.github_events", "--tasks=expire_snapshots"))
                .hasMessageContaining("either a preset or a table");
        assertThatThrownBy(() -> parse("--preset=bronze-hourly"))
                .hasMessage("--preset must be one of bronze-daily, bronze-weekly, silver-daily, silver-weekly,"
                        + " gold-weekly, was 'bronze-hourly'");
        assertThatThrownBy(() -> parse("--preset=bronze-daily", "--tasks=expire_snapshots"))
                .hasMessageContaining("--tasks goes with --table");
        assertThatThrownBy(() -> parse("--table=bronze.github_events"))
                .hasMessageContaining("--table needs --tasks")
                .hasMessageContaining("rewrite_data_files");
        assertThatThrownBy(() -> parse("--table=bronze.github_events", "--tasks=vacuum"))
                .hasMessageContaining("unknown task 'vacuum'");
        assertThatThrownBy(() -> parse("--table=github_events", "--tasks=expire_snapshots"))
                .hasMessageContaining("--table must be NAMESPACE.TABLE");
        assertThatThrownBy(() -> parse("--table=staging.github_events", "--tasks=expire_snapshots"))
                .hasMessageContaining("one of the layers' namespaces [bronze, silver, gold]");
        assertThatThrownBy(() -> parse("--preset=silver-daily", "--strategy=random"))
                .hasMessageContaining("--strategy must be one of binpack, sort, zorder");
        assertThatThrownBy(() -> parse("--preset=silver-daily", "--strategy=binpack", "--columns=repo_id"))
                .hasMessageContaining("--columns needs --strategy=sort or --strategy=zorder");
        assertThatThrownBy(() -> parse("--preset=silver-weekly", "--snapshot-retention=7"))
                .hasMessageContaining("--snapshot-retention must be a positive duration");
        assertThatThrownBy(() -> parse("--preset=silver-weekly", "--min-snapshots=0"))
                .hasMessageContaining("--min-snapshots must be an integer of at least 1");
        assertThatThrownBy(() -> parse("--preset=silver-weekly", "--rewrite-option=rewrite-all"))
                .hasMessageContaining("--rewrite-option must be KEY=VALUE");
        assertThatThrownBy(() -> parse("--preset=silver-weekly", "--force"))
                .hasMessageContaining("unknown argument '--force'");
        assertThatThrownBy(() -> parse("--preset=")).hasMessageContaining("--preset needs a value");
    }

    @Test
    void durationsReadDaysHoursMinutesAndSeconds() {
        assertThat(Durations.parse("k", "3d")).isEqualTo(Duration.ofDays(3));
        assertThat(Durations.parse("k", "36h")).isEqualTo(Duration.ofHours(36));
        assertThat(Durations.parse("k", "90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("k", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> Durations.parse("k", "0d"))
                .hasMessage("k must be a positive duration such as 7d, 36h, 90m or 30s, was '0d'");
        assertThat(Durations.format(Duration.ofDays(3))).isEqualTo("3d");
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    }
}

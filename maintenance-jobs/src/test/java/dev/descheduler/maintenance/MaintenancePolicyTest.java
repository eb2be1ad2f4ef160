package dev.descheduler.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descheduler.lakehouse.Layer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MaintenancePolicyTest {

    @Test
    void bronzeIsBinpackedOnlyWhereTheStreamNoLongerWrites() {
        TablePolicy events = MaintenancePolicy.forTable(Layer.BRONZE, "github_events");
        TablePolicy quarantine = MaintenancePolicy.forTable(Layer.BRONZE, "github_events_quarantine");

        assertThat(events.strategy()).isEqualTo(RewriteStrategy.BINPACK);
        assertThat(events.closedPartitionColumn()).contains("received_at");
        assertThat(quarantine.closedPartitionColumn()).contains("quarantined_at");
        assertThat(events.snapshotRetention()).isEqualTo(Duration.ofDays(2));
        assertThat(events.minSnapshots()).isEqualTo(100);
        assertThat(events.orphanMinAge()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void silverIsZorderedOnWhatUsersFilterBy() {
        TablePolicy silver = MaintenancePolicy.forTable(Layer.SILVER, "github_events");

        assertThat(silver.strategy()).isEqualTo(RewriteStrategy.ZORDER);
        assertThat(silver.layoutColumns()).containsExactly("repo_id", "actor_id");
        assertThat(silver.sortColumns()).containsExactly("event_type", "created_at");
        assertThat(silver.closedPartitionColumn()).isEmpty();
        assertThat(silver.snapshotRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(silver.minSnapshots()).isEqualTo(10);
    }

    @Test
    void anyOtherTableGetsItsLayersBinpackDefault() {
        TablePolicy gold = MaintenancePolicy.forTable(Layer.GOLD, "fct_repo_daily_activity");
        TablePolicy rejected = MaintenancePolicy.forTable(Layer.SILVER, "github_events_rejected");

        assertThat(gold.strategy()).isEqualTo(RewriteStrategy.BINPACK);
        assertThat(gold.layoutColumns()).isEmpty();
        assertThat(gold.table()).isEqualTo("fct_repo_daily_activity");
        assertThat(gold.snapshotRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(rejected.strategy()).isEqualTo(RewriteStrategy.BINPACK);
        assertThat(MaintenancePolicy.forTable(Layer.BRONZE, "new_table").minSnapshots())
                .isEqualTo(100);
    }

    @Test
    void overridesReplaceOnlyWhatTheyName() {
        TablePolicy silver = MaintenancePolicy.forTable(Layer.SILVER, "github_events");
        PolicyOverrides sortInstead = new PolicyOverrides(
                Optional.of(RewriteStrategy.SORT),
                Optional.empty(),
                Optional.empty(),
                Optional.of(2),
                Optional.empty());

        TablePolicy sorted = sortInstead.applyTo(silver);

        assertThat(sorted.layoutColumns()).containsExactly("event_type", "created_at");
        assertThat(sorted.minSnapshots()).isEqualTo(2);
        assertThat(sorted.snapshotRetention()).isEqualTo(silver.snapshotRetention());
        assertThat(PolicyOverrides.none().applyTo(silver)).isEqualTo(silver);
    }

    @Test
    void aPolicyThatCouldLoseHistoryOrLayoutIsRejected() {
        assertThatThrownBy(() -> policy(RewriteStrategy.SORT, List.of(), List.of(), Duration.ofDays(1), 1))
                .hasMessageContaining("the sort strategy needs sort columns");
        assertThatThrownBy(() -> policy(RewriteStrategy.ZORDER, List.of(), List.of("repo_id"), Duration.ofDays(1), 1))
                .hasMessageContaining("z-order interleaves at least 2 columns");
        assertThatThrownBy(() -> policy(RewriteStrategy.BINPACK, List.of(), List.of(), Duration.ZERO, 1))
                .hasMessageContaining("the snapshot retention must be positive");
        assertThatThrownBy(() -> policy(RewriteStrategy.BINPACK, List.of(), List.of(), Duration.ofDays(1), 0))
                .hasMessageContaining("at least 1 snapshot must be kept");
    }

    @Test
    void everyPresetMapsToOneLayerAndKnownTasks() {
        assertThat(Preset.parse("bronze-daily").tasks()).containsExactly("rewrite_data_files");
        assertThat(Preset.parse("silver-daily").tasks())
                .containsExactly("rewrite_data_files", "rewrite_position_delete_files");
        assertThat(Preset.parse("gold-weekly").layer()).isEqualTo(Layer.GOLD);
        for (Preset preset : Preset.values()) {
            preset.tasks().forEach(dev.descheduler.maintenance.task.MaintenanceTasks::named);
        }
    }

    private static TablePolicy policy(
            RewriteStrategy strategy, List<String> sort, List<String> zorder, Duration retention, int keep) {
        return new TablePolicy(
                Layer.SILVER, "t", strategy, sort, zorder, Optional.empty(), retention, keep, Duration.ofDays(3));
    }
}

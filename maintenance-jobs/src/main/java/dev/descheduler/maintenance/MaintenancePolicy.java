package dev.descheduler.maintenance;

import dev.descheduler.lakehouse.Layer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every table's default maintenance, in one place. A table not named here gets its layer's default, so a new Gold
 * model is maintained without a change here.
 */
public final class MaintenancePolicy {

    /** Three days: a weekend outage of the Silver job or the collector's replays still find their files. */
    static final Duration DEFAULT_ORPHAN_MIN_AGE = Duration.ofDays(3);

    // Bronze: the stream commits every 10 s, about 8,640 snapshots a day; two days are enough to time-travel past a
    // bad deploy, and the last 100 survive a stopped stream
    private static final Duration BRONZE_RETENTION = Duration.ofDays(2);
    private static final int BRONZE_MIN_SNAPSHOTS = 100;
    // Silver and Gold commit a few times a day: a week of history answers "what did this look like last run"
    private static final Duration BATCH_RETENTION = Duration.ofDays(7);
    private static final int BATCH_MIN_SNAPSHOTS = 10;

    private static final List<String> SILVER_SORT = List.of("event_type", "created_at");
    // what users filter Silver by: one repository's or one actor's events
    private static final List<String> SILVER_ZORDER = List.of("repo_id", "actor_id");

    private static final List<TablePolicy> KNOWN = List.of(
            bronze("github_events", "received_at"),
            bronze("github_events_quarantine", "quarantined_at"),
            new TablePolicy(
                    Layer.SILVER,
                    "github_events",
                    RewriteStrategy.ZORDER,
                    SILVER_SORT,
                    SILVER_ZORDER,
                    Optional.empty(),
                    BATCH_RETENTION,
                    BATCH_MIN_SNAPSHOTS,
                    DEFAULT_ORPHAN_MIN_AGE));

    private MaintenancePolicy() {}

    /** The default policy of {@code table} in {@code layer}'s namespace. */
    public static TablePolicy forTable(Layer layer, String table) {
        return KNOWN.stream()
                .filter(p -> p.layer() == layer && p.table().equals(table))
                .findFirst()
                .orElseGet(() -> layerDefault(layer, table));
    }

    private static TablePolicy layerDefault(Layer layer, String table) {
        Duration retention = layer == Layer.BRONZE ? BRONZE_RETENTION : BATCH_RETENTION;
        int minSnapshots = layer == Layer.BRONZE ? BRONZE_MIN_SNAPSHOTS : BATCH_MIN_SNAPSHOTS;
        return new TablePolicy(
                layer,
                table,
                RewriteStrategy.BINPACK,
                List.of(),
                List.of(),
                Optional.empty(),
                retention,
                minSnapshots,
                DEFAULT_ORPHAN_MIN_AGE);
    }

    private static TablePolicy bronze(String table, String receivedColumn) {
        return new TablePolicy(
                Layer.BRONZE,
                table,
                RewriteStrategy.BINPACK,
                List.of(),
                List.of(),
                Optional.of(receivedColumn),
                BRONZE_RETENTION,
                BRONZE_MIN_SNAPSHOTS,
                DEFAULT_ORPHAN_MIN_AGE);
    }
}

package dev.descheduler.maintenance;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What one run changes in the tables' default policies (from the command line); empty means the default. */
public record PolicyOverrides(
        Optional<RewriteStrategy> strategy,
        Optional<List<String>> columns,
        Optional<Duration> snapshotRetention,
        Optional<Integer> minSnapshots,
        Optional<Duration> orphanMinAge) {

    public static PolicyOverrides none() {
        return new PolicyOverrides(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean isEmpty() {
        return this.equals(none());
    }

    /** {@code policy} with these overrides; {@code columns} replace those of the strategy in effect. */
    public TablePolicy applyTo(TablePolicy policy) {
        RewriteStrategy chosen = strategy.orElse(policy.strategy());
        List<String> sort = policy.sortColumns();
        List<String> zorder = policy.zorderColumns();
        if (columns.isPresent()) {
            switch (chosen) {
                case SORT -> sort = columns.get();
                case ZORDER -> zorder = columns.get();
                case BINPACK ->
                    throw new IllegalArgumentException(
                            "--columns needs --strategy=sort or --strategy=zorder: binpack keeps the row order");
            }
        }
        return new TablePolicy(
                policy.layer(),
                policy.table(),
                chosen,
                sort,
                zorder,
                policy.closedPartitionColumn(),
                snapshotRetention.orElse(policy.snapshotRetention()),
                minSnapshots.orElse(policy.minSnapshots()),
                orphanMinAge.orElse(policy.orphanMinAge()));
    }
}

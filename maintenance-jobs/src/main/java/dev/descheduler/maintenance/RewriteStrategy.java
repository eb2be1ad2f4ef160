package dev.descheduler.maintenance;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How {@code rewrite_data_files} lays files out: Iceberg's three rewrite strategies. */
public enum RewriteStrategy {
    /** Combine small files into files of the target size; row order unchanged. */
    BINPACK,
    /** Rewrite in a linear sort order, so files' min/max bounds on the first sort column stop overlapping. */
    SORT,
    /** Rewrite in z-order over several columns, so a filter on any one of them skips most files. */
    ZORDER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RewriteStrategy parse(String key, String value) {
        for (RewriteStrategy strategy : values()) {
            if (strategy.label().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return strategy;
            }
        }
        throw new IllegalArgumentException(key + " must be one of "
                + Arrays.stream(values()).map(RewriteStrategy::label).collect(Collectors.joining(", "))
                + ", was '" + value + "'");
    }
}

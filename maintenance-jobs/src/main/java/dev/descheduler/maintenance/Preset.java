package dev.descheduler.maintenance;

import dev.descheduler.lakehouse.Layer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Named runs, one per schedule (the orchestration's maintenance DAGs map one to one): the tasks, in order, run on
 * every table of one layer. Daily presets lay files out; weekly ones clean up history and files nobody references.
 */
public enum Preset {
    BRONZE_DAILY("bronze-daily", Layer.BRONZE, List.of("rewrite_data_files")),
    // expire first: it deletes the files only expired snapshots referenced, so the orphan listing that follows is
    // shorter; manifests last, over what is left
    BRONZE_WEEKLY(
            "bronze-weekly", Layer.BRONZE, List.of("expire_snapshots", "delete_orphan_files", "rewrite_manifests")),
    SILVER_DAILY("silver-daily", Layer.SILVER, List.of("rewrite_data_files", "rewrite_position_delete_files")),
    SILVER_WEEKLY(
            "silver-weekly", Layer.SILVER, List.of("expire_snapshots", "delete_orphan_files", "rewrite_manifests")),
    // Gold's incremental tables merge on read (dbt_project.yml): every MERGE adds position delete files, which
    // rewrite_data_files folds in only for the data files it rewrites; the rest are combined (and the ones no live
    // row needs dropped) before expiry, so expire_snapshots can delete the files they replace
    GOLD_WEEKLY(
            "gold-weekly",
            Layer.GOLD,
            List.of(
                    "rewrite_data_files",
                    "rewrite_position_delete_files",
                    "expire_snapshots",
                    "delete_orphan_files",
                    "rewrite_manifests"));

    private final String label;
    private final Layer layer;
    private final List<String> tasks;

    Preset(String label, Layer layer, List<String> tasks) {
        this.label = label;
        this.layer = layer;
        this.tasks = tasks;
    }

    public String label() {
        return label;
    }

    public Layer layer() {
        return layer;
    }

    public List<String> tasks() {
        return tasks;
    }

    public static Preset parse(String value) {
        return Arrays.stream(values())
                .filter(p -> p.label.equals(value.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--preset must be one of "
                        + Arrays.stream(values()).map(Preset::label).collect(Collectors.joining(", "))
                        + ", was '" + value + "'"));
    }
}

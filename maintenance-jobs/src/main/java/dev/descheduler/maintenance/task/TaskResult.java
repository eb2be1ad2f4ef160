package dev.descheduler.maintenance.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a task did.
 *
 * @param counts the action's own figures (files rewritten, snapshots expired, ...), snake-case keys
 * @param wouldDelete in a dry run, the files or snapshots the task would have deleted
 */
public record TaskResult(Outcome outcome, String message, Map<String, Long> counts, List<String> wouldDelete) {

    public enum Outcome {
        DONE,
        DRY_RUN,
        SKIPPED
    }

    public static final String ORPHANS_FOUND = "orphan_files_found";
    public static final String ORPHANS_DELETED = "orphan_files_deleted";

    public TaskResult {
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        wouldDelete = List.copyOf(wouldDelete);
    }

    static TaskResult done(String message, Map<String, Long> counts) {
        return new TaskResult(Outcome.DONE, message, counts, List.of());
    }

    static TaskResult dryRun(String message, Map<String, Long> counts, List<String> wouldDelete) {
        return new TaskResult(Outcome.DRY_RUN, message, counts, wouldDelete);
    }

    static TaskResult skipped(String why) {
        return new TaskResult(Outcome.SKIPPED, why, Map.of(), List.of());
    }

    public long count(String key) {
        return counts.getOrDefault(key, 0L);
    }
}

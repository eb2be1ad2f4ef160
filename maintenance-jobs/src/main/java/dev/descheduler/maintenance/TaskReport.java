package dev.descheduler.maintenance;

import dev.descheduler.maintenance.task.TaskResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One task on one table: the table before and after, what the task did, how long it took, and why it failed.
 *
 * @param status {@code done}, {@code dry_run}, {@code skipped} or {@code failed}
 * @param wouldDelete in a dry run, what would have been deleted (at most {@link #LISTED_MAX} entries)
 */
public record TaskReport(
        String table,
        String task,
        String status,
        String message,
        Instant startedAt,
        long durationMs,
        TableStats before,
        TableStats after,
        long orphanFilesFound,
        long orphanFilesDeleted,
        Map<String, Long> counts,
        List<String> wouldDelete) {

    static final int LISTED_MAX = 1000;

    static TaskReport of(
            String table,
            String task,
            Instant startedAt,
            long durationMs,
            TableStats before,
            TableStats after,
            TaskResult result) {
        List<String> listed = result.wouldDelete();
        return new TaskReport(
                table,
                task,
                result.outcome().name().toLowerCase(java.util.Locale.ROOT),
                result.message(),
                startedAt,
                durationMs,
                before,
                after,
                result.count(TaskResult.ORPHANS_FOUND),
                result.count(TaskResult.ORPHANS_DELETED),
                result.counts(),
                listed.size() > LISTED_MAX ? listed.subList(0, LISTED_MAX) : listed);
    }

    static TaskReport failed(
            String table,
            String task,
            Instant startedAt,
            long durationMs,
            TableStats before,
            TableStats after,
            String error) {
        return new TaskReport(
                table, task, "failed", error, startedAt, durationMs, before, after, 0, 0, Map.of(), List.of());
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isFailed() {
        return "failed".equals(status);
    }
}

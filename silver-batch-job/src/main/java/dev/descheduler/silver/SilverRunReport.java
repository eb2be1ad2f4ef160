package dev.descheduler.silver;

import dev.descheduler.lakehouse.metrics.RunCount;
import java.util.Map;

/**
 * What one Silver run did, so the layers reconcile: every Bronze row read is either rejected, a duplicate of an event
 * already in Silver or earlier in the same increment, or inserted.
 *
 * @param increment the Bronze snapshots read, or why nothing was read
 * @param bronzeRows Bronze rows read
 * @param rejected of those, rows that could not be parsed (each in {@code github_events_rejected} once)
 * @param duplicatesInIncrement valid rows whose event id came again later in the same increment
 * @param alreadyInSilver valid first copies whose event id Silver already had from an earlier or same-time copy
 * @param inserted new Silver rows
 * @param replacedByEarlierCopy Silver rows replaced because a copy received earlier arrived late (a replay)
 */
public record SilverRunReport(
        String increment,
        long bronzeRows,
        long rejected,
        long duplicatesInIncrement,
        long alreadyInSilver,
        long inserted,
        long replacedByEarlierCopy) {

    static SilverRunReport nothingNew(String why) {
        return new SilverRunReport(why, 0, 0, 0, 0, 0, 0);
    }

    /** The run's figures as every batch job reports them to Prometheus: rows read, written, rejected. */
    public Map<RunCount, Long> counts() {
        return Map.of(
                RunCount.ROWS_IN, bronzeRows,
                RunCount.ROWS_OUT, inserted + replacedByEarlierCopy,
                RunCount.ROWS_REJECTED, rejected);
    }

    /** One line of JSON for people and for scripts (make silver, Airflow). */
    public String toJson() {
        return "{\"increment\":\"" + increment.replace("\"", "'") + "\",\"bronze_rows\":" + bronzeRows
                + ",\"rejected\":" + rejected + ",\"duplicates_in_increment\":" + duplicatesInIncrement
                + ",\"already_in_silver\":" + alreadyInSilver + ",\"inserted\":" + inserted
                + ",\"replaced_by_earlier_copy\":" + replacedByEarlierCopy + "}";
    }
}

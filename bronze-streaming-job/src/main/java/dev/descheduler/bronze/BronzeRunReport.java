package dev.descheduler.bronze;

import dev.descheduler.lakehouse.metrics.RunCount;
import java.util.Map;

/**
 * What one run committed, read back from the tables' own snapshot log (commits whose summary carries the run's
 * streaming query id), so the figures are what Iceberg holds, not what Spark meant to write. {@code stopped}: the run
 * ended because the JVM was asked to exit (SIGTERM), not because it was done.
 */
record BronzeRunReport(
        long rowsWritten, long eventCommits, long messagesQuarantined, long quarantineCommits, boolean stopped) {

    /** The run's figures as every batch job reports them to Prometheus (rejected: Kafka messages quarantined). */
    Map<RunCount, Long> counts() {
        return Map.of(RunCount.ROWS_OUT, rowsWritten, RunCount.ROWS_REJECTED, messagesQuarantined);
    }

    String summary(String eventsTable, String quarantineTable) {
        return "bronze: wrote " + rowsWritten + " rows to " + eventsTable + " (commits: " + eventCommits + "), "
                + "quarantined " + messagesQuarantined + " messages to " + quarantineTable + " (commits: "
                + quarantineCommits + ")" + (stopped ? "; stopped on request before it was done" : "");
    }
}

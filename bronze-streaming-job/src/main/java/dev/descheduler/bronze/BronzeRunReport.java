package dev.descheduler.bronze;

/**
 * What one run committed, read back from the tables' own snapshot log (commits whose summary carries the run's
 * streaming query id), so the figures are what Iceberg holds, not what Spark meant to write.
 */
record BronzeRunReport(long rowsWritten, long eventCommits, long messagesQuarantined, long quarantineCommits) {

    String summary(String eventsTable, String quarantineTable) {
        return "bronze: wrote " + rowsWritten + " rows to " + eventsTable + " (commits: " + eventCommits + "), "
                + "quarantined " + messagesQuarantined + " messages to " + quarantineTable + " (commits: "
                + quarantineCommits + ")";
    }
}

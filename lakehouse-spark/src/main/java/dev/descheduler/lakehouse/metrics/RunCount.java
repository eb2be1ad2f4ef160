package dev.descheduler.lakehouse.metrics;

/**
 * What a batch run counts, one gauge each ({@code lakehouse_job_<name>}), so that every job reports the same few
 * figures under the same names and one dashboard panel shows them all.
 */
public enum RunCount {
    ROWS_IN("rows_in", "Rows the run read from its input"),
    ROWS_OUT("rows_out", "Rows the run wrote to its table"),
    ROWS_REJECTED("rows_rejected", "Rows the run could not take (quarantined or rejected, each with its reason)"),
    FILES_BEFORE("files_before", "Data files of the table before the run"),
    FILES_AFTER("files_after", "Data files of the table after the run"),
    BYTES_AFTER("bytes_after", "Bytes of the table's data and delete files after the run"),
    SNAPSHOTS_AFTER("snapshots_after", "Snapshots in the table's history after the run");

    private final String metricSuffix;
    private final String help;

    RunCount(String metricSuffix, String help) {
        this.metricSuffix = metricSuffix;
        this.help = help;
    }

    public String metricName() {
        return "lakehouse_job_" + metricSuffix;
    }

    public String help() {
        return help;
    }
}

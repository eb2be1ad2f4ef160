package dev.descheduler.maintenance;

/** Whether a run changes tables or only says what it would change. */
public enum RunMode {
    APPLY,
    /** Commits nothing and deletes nothing; lists what would be deleted. */
    DRY_RUN
}

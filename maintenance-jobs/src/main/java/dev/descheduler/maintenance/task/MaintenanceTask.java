package dev.descheduler.maintenance.task;

/**
 * One maintenance step on one table, named after the Iceberg action it runs. Register a new one in
 * {@link MaintenanceTasks}.
 */
public interface MaintenanceTask {

    /** The name runs and presets use: Iceberg's action name in snake case. */
    String name();

    /**
     * Runs on {@code context}'s table. Throws on failure; Iceberg commits are all or nothing, so a task that throws
     * has changed nothing that is visible, or (partial progress) only whole, consistent groups of files.
     */
    TaskResult run(TaskContext context) throws Exception;
}

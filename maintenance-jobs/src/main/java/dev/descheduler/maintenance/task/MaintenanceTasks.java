package dev.descheduler.maintenance.task;

import java.util.List;
import java.util.stream.Collectors;

/** Every task a run can name. A new task is one class and one line here. */
public final class MaintenanceTasks {

    private static final List<MaintenanceTask> ALL = List.of(
            new RewriteDataFilesTask(),
            new RewritePositionDeleteFilesTask(),
            new ExpireSnapshotsTask(),
            new DeleteOrphanFilesTask(),
            new RewriteManifestsTask());

    private MaintenanceTasks() {}

    public static List<String> names() {
        return ALL.stream().map(MaintenanceTask::name).toList();
    }

    public static MaintenanceTask named(String name) {
        return ALL.stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown task '" + name + "'; tasks are "
                        + ALL.stream().map(MaintenanceTask::name).collect(Collectors.joining(", "))));
    }
}

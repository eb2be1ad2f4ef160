package dev.descheduler.maintenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.descheduler.lakehouse.metrics.RunCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one maintenance run did, table by table and task by task; printed as JSON and kept in
 * {@code ops.maintenance_runs}.
 *
 * @param selection the preset's name, or the table and tasks the run was given
 */
public record MaintenanceReport(String runId, String selection, String mode, List<TaskReport> tasks) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));

    public MaintenanceReport {
        tasks = List.copyOf(tasks);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean hasFailures() {
        return tasks.stream().anyMatch(TaskReport::isFailed);
    }

    /**
     * Per table, its figures as every batch job reports them to Prometheus: rows and data files before the first
     * task and after the last, bytes and snapshots after; empty for a table one of whose tasks failed.
     */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Map<String, Optional<Map<RunCount, Long>>> countsByTable() {
        Map<String, List<TaskReport>> byTable = new LinkedHashMap<>();
        tasks.forEach(
                t -> byTable.computeIfAbsent(t.table(), k -> new ArrayList<>()).add(t));
        Map<String, Optional<Map<RunCount, Long>>> counts = new LinkedHashMap<>();
        byTable.forEach((table, reports) -> {
            if (reports.stream().anyMatch(TaskReport::isFailed)) {
                counts.put(table, Optional.empty());
                return;
            }
            TableStats before = reports.get(0).before();
            TableStats after = reports.get(reports.size() - 1).after();
            counts.put(
                    table,
                    Optional.of(Map.of(
                            RunCount.ROWS_IN, before.records(),
                            RunCount.ROWS_OUT, after.records(),
                            RunCount.FILES_BEFORE, before.dataFiles(),
                            RunCount.FILES_AFTER, after.dataFiles(),
                            RunCount.BYTES_AFTER, after.bytes(),
                            RunCount.SNAPSHOTS_AFTER, after.snapshots())));
        });
        return counts;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the maintenance report as JSON", e);
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }
}

package dev.descheduler.maintenance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.List;

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

package dev.descheduler.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descheduler.maintenance.task.TaskResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaintenanceReportTest {

    @Test
    void theJsonHasBeforeAndAfterFiguresPerTableAndTask() throws Exception {
        TableStats before = new TableStats(300, 0, 3000, 3_000_000, 10_000, 300, 301);
        TableStats after = new TableStats(2, 0, 3000, 2_000_000, 1_000_000, 1, 302);
        TaskReport rewrite = TaskReport.of(
                "lakehouse.bronze.github_events",
                "rewrite_data_files",
                Instant.parse("2026-12-02T04:00:00Z"),
                1234,
                before,
                after,
                new TaskResult(TaskResult.Outcome.DONE, "binpack", Map.of("rewritten_data_files", 300L), List.of()));
        TaskReport failed = TaskReport.failed(
                "lakehouse.bronze.github_events", "delete_orphan_files", Instant.EPOCH, 5, after, after, "refused");

        JsonNode json = new ObjectMapper()
                .readTree(new MaintenanceReport("r1", "bronze-daily", "apply", List.of(rewrite, failed)).toJson());

        assertThat(json.get("run_id").asText()).isEqualTo("r1");
        JsonNode first = json.get("tasks").get(0);
        assertThat(first.get("status").asText()).isEqualTo("done");
        assertThat(first.get("started_at").asText()).isEqualTo("2026-12-02T04:00:00Z");
        assertThat(first.get("duration_ms").asLong()).isEqualTo(1234);
        assertThat(first.get("before").get("data_files").asLong()).isEqualTo(300);
        assertThat(first.get("before").get("avg_data_file_bytes").asLong()).isEqualTo(10_000);
        assertThat(first.get("after").get("manifests").asLong()).isEqualTo(1);
        assertThat(first.get("after").get("snapshots").asLong()).isEqualTo(302);
        assertThat(first.get("orphan_files_found").asLong()).isZero();
        assertThat(first.get("counts").get("rewritten_data_files").asLong()).isEqualTo(300);
        assertThat(first.has("failed")).isFalse();
        assertThat(json.get("tasks").get(1).get("status").asText()).isEqualTo("failed");
        assertThat(json.get("tasks").get(1).get("message").asText()).isEqualTo("refused");
    }
}

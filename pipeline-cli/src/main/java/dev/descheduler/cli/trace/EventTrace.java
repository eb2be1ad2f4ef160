package dev.descheduler.cli.trace;

import dev.descheduler.cli.layers.LakehouseQueries;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The queries behind {@code trace}: one event's copies in Bronze with their lineage, its Silver row, rejections. */
final class EventTrace {

    private final LakehouseQueries lakehouse;
    private final String bronze;
    private final String silver;

    EventTrace(LakehouseQueries lakehouse, String bronzeNamespace, String silverNamespace) {
        this.lakehouse = lakehouse;
        this.bronze = bronzeNamespace;
        this.silver = silverNamespace;
    }

    /**
     * Every Bronze copy of the event (a re-sent or replayed event has several), with the snapshot that added the data
     * file holding it: Iceberg's {@code _file} metadata column joined to the table's {@code entries}.
     */
    List<Map<String, Object>> bronzeCopies(String id, boolean isIngestId) throws SQLException {
        List<Map<String, Object>> copies = lakehouse.rows(
                "SELECT ingest_id, id, type, received_at, batch_id, kafka_topic, kafka_partition, kafka_offset,"
                        + " bronze_loaded_at, _file AS data_file FROM " + bronze + ".github_events WHERE "
                        + (isIngestId ? "ingest_id" : "id") + " = ? ORDER BY received_at",
                id);
        List<Map<String, Object>> traced = new ArrayList<>();
        for (Map<String, Object> copy : copies) {
            Map<String, Object> row = new LinkedHashMap<>(copy);
            List<Map<String, Object>> added = lakehouse.rows(
                    "SELECT e.snapshot_id, s.committed_at FROM " + bronze + ".github_events.entries e JOIN "
                            + bronze + ".github_events.snapshots s ON e.snapshot_id = s.snapshot_id"
                            + " WHERE e.data_file.file_path = ? AND e.status = 1",
                    copy.get("data_file"));
            if (!added.isEmpty()) {
                row.put("bronze_snapshot_id", added.get(0).get("snapshot_id"));
                row.put("bronze_committed_at", added.get(0).get("committed_at"));
            }
            traced.add(row);
        }
        return traced;
    }

    List<Map<String, Object>> silverRow(String githubId) throws SQLException {
        if (!lakehouse.tableExists(silver, "github_events")) {
            return List.of();
        }
        return lakehouse.rows(
                "SELECT event_id, event_type, created_at, actor_login, repo_name, payload_shape, ingest_id, received_at"
                        + " FROM " + silver + ".github_events WHERE event_id = ?",
                githubId);
    }

    List<Map<String, Object>> rejections(String githubId) throws SQLException {
        if (!lakehouse.tableExists(silver, "github_events_rejected")) {
            return List.of();
        }
        return lakehouse.rows(
                "SELECT ingest_id, reason, rejected_at FROM " + silver + ".github_events_rejected WHERE event_id = ?",
                githubId);
    }
}

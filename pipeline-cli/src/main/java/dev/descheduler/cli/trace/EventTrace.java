package dev.descheduler.cli.trace;

import dev.descheduler.cli.layers.LakehouseQueries;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The queries behind {@code trace}: one event's copies in Bronze with their lineage, its Silver row, rejections, Gold rows. */
final class EventTrace {

    private final LakehouseQueries lakehouse;
    private final String bronze;
    private final String silver;
    private final String gold;

    EventTrace(LakehouseQueries lakehouse, String bronzeNamespace, String silverNamespace, String goldNamespace) {
        this.lakehouse = lakehouse;
        this.bronze = bronzeNamespace;
        this.silver = silverNamespace;
        this.gold = goldNamespace;
    }

    /**
     * The Gold rows the event counts in, found through its Silver row: one per mart, the mart's key and a few of its
     * values. Marts not built yet are left out; an event without a repository has no repository rows.
     */
    List<Map<String, Object>> goldRows(String githubId) throws SQLException {
        if (!lakehouse.tableExists(silver, "github_events")) {
            return List.of();
        }
        Map<String, String> marts = new LinkedHashMap<>();
        marts.put(
                "fct_event_type_hourly",
                "SELECT g.event_type, g.event_hour, g.events, g.distinct_actors FROM %s g"
                        + " JOIN %s s ON g.event_type = s.event_type AND g.event_hour = date_trunc('HOUR', s.created_at)");
        marts.put(
                "fct_user_daily_activity",
                "SELECT g.actor_id, g.activity_date, g.events, g.activity_score, g.user_activity_level,"
                        + " g.cumulative_events FROM %s g"
                        + " JOIN %s s ON g.actor_id = s.actor_id AND g.activity_date = s.created_date");
        marts.put(
                "fct_repo_daily_activity",
                "SELECT g.repo_id, g.activity_date, g.events, g.stars, g.pushes FROM %s g"
                        + " JOIN %s s ON g.repo_id = s.repo_id AND g.activity_date = s.created_date");
        marts.put(
                "fct_pull_requests",
                "SELECT g.repo_id, g.pr_number, g.current_state, g.hours_to_merge FROM %s g"
                        + " JOIN %s s ON g.repo_id = s.repo_id"
                        + " AND g.pr_number = coalesce(s.pr_number, if(s.issue_is_pull_request, s.issue_number, null))");
        marts.put(
                "dim_actors",
                "SELECT g.actor_id, g.actor_login, g.lifetime_events FROM %s g JOIN %s s ON g.actor_id = s.actor_id");
        marts.put(
                "dim_repos",
                "SELECT g.repo_id, g.repo_name, g.lifetime_events FROM %s g JOIN %s s ON g.repo_id = s.repo_id");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, String> mart : marts.entrySet()) {
            if (!lakehouse.tableExists(gold, mart.getKey())) {
                continue;
            }
            String sql = String.format(mart.getValue(), gold + "." + mart.getKey(), silver + ".github_events")
                    + " WHERE s.event_id = ?";
            for (Map<String, Object> row : lakehouse.rows(sql, githubId)) {
                Map<String, Object> labelled = new LinkedHashMap<>();
                labelled.put("model", mart.getKey());
                labelled.putAll(row);
                rows.add(labelled);
            }
        }
        return rows;
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

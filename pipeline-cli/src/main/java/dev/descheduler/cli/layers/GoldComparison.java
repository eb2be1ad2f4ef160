package dev.descheduler.cli.layers;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gold's events per type and day against Silver's, over all rows: every Silver event is counted exactly once in
 * Gold's hourly event facts. One SQL statement, a full outer join, so a group missing on either side shows.
 */
record GoldComparison(boolean built, List<String> mismatches) {

    static GoldComparison of(LakehouseQueries lakehouse, LakehouseOptions options) throws SQLException {
        if (!lakehouse.tableExists(options.goldNamespace(), "fct_event_type_hourly")
                || !lakehouse.tableExists(options.silverNamespace(), "github_events")) {
            return new GoldComparison(false, List.of());
        }
        String sql = "SELECT coalesce(s.event_type, g.event_type) AS event_type,"
                + " cast(coalesce(s.event_date, g.event_date) AS string) AS event_date,"
                + " coalesce(s.events, 0) AS silver_events, coalesce(g.events, 0) AS gold_events"
                + " FROM (SELECT event_type, created_date AS event_date, count(*) AS events FROM "
                + options.silverNamespace() + ".github_events GROUP BY 1, 2) s"
                + " FULL OUTER JOIN (SELECT event_type, event_date, sum(events) AS events FROM "
                + options.goldNamespace() + ".fct_event_type_hourly GROUP BY 1, 2) g"
                + " ON s.event_type = g.event_type AND s.event_date = g.event_date"
                + " WHERE coalesce(s.events, 0) <> coalesce(g.events, 0)"
                + " ORDER BY 1, 2";
        List<String> mismatches = new ArrayList<>();
        for (Map<String, Object> row : lakehouse.rows(sql)) {
            mismatches.add(row.get("event_type") + " " + row.get("event_date") + ": " + row.get("silver_events")
                    + " -> " + row.get("gold_events"));
        }
        return new GoldComparison(true, mismatches);
    }
}

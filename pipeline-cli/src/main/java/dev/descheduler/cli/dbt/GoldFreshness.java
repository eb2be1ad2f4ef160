package dev.descheduler.cli.dbt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descheduler.cli.layers.LakehouseQueries;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The newest {@code received_at} visible in Gold, for its freshness as Bronze and Silver report theirs. The marts
 * carry no {@code received_at}; each incremental model keeps {@code silver_loaded_at}, the latest Silver load it has
 * taken in (macros/incremental.sql's watermark). Silver stamps one load time per run, so the Silver rows loaded at or
 * before the newest watermark are the ones Gold has built from, and the newest of their {@code received_at} is Gold's.
 *
 * <p>The newest watermark, not the oldest: a mart that a load did not touch (no starred repository in it, say) keeps
 * an older watermark with nothing left to take in, which would report a fresh Gold as stale. A mart that failed to
 * build is reported by the run's failure, not here.
 */
final class GoldFreshness {

    private GoldFreshness() {}

    /** The relations dbt builds incrementally, from its manifest: the ones that keep a Silver watermark. */
    static List<String> incrementalModels(Path manifest) throws IOException {
        JsonNode nodes = new ObjectMapper().readTree(manifest.toFile()).path("nodes");
        if (!nodes.isObject()) {
            throw new IllegalArgumentException(manifest + " is not a dbt manifest.json (no nodes)");
        }
        List<String> relations = new ArrayList<>();
        for (JsonNode node : nodes) {
            if ("model".equals(node.path("resource_type").asText())
                    && "incremental"
                            .equals(node.path("config").path("materialized").asText())
                    && node.path("relation_name").isTextual()) {
                relations.add(node.path("relation_name").asText().replace("`", ""));
            }
        }
        relations.sort(null);
        return relations;
    }

    /**
     * The newest received_at of the Silver rows Gold has taken in; empty when no mart has been built yet. Only marts
     * that exist are read: a first build whose mart failed leaves it missing, and the others still count.
     */
    static Optional<Instant> newestReceivedAt(LakehouseQueries lakehouse, List<String> marts, String silverTable)
            throws SQLException {
        List<String> watermarks = new ArrayList<>();
        Set<String> seenNamespaces = new HashSet<>();
        Set<String> existing = new HashSet<>();
        for (String mart : marts) {
            int dot = mart.lastIndexOf('.');
            if (dot < 0) {
                throw new IllegalArgumentException("a mart must be named namespace.table, was '" + mart + "'");
            }
            String namespace = mart.substring(0, dot);
            if (seenNamespaces.add(namespace)) {
                lakehouse
                        .rows("SHOW TABLES IN " + namespace)
                        .forEach(row -> existing.add(namespace + "." + row.get("tableName")));
            }
            if (existing.contains(mart)) {
                watermarks.add("SELECT max(silver_loaded_at) AS loaded_at FROM " + mart);
            }
        }
        if (watermarks.isEmpty()) {
            return Optional.empty();
        }
        // unix_micros: a number, so the JDBC driver's time zone never shifts it. Rows Silver wrote before it recorded
        // load times count as loaded when they were received, as in the staging model; spelled without coalesce so
        // Iceberg can skip the files of loads newer than the watermark by their column bounds.
        String watermark = "(SELECT max(loaded_at) FROM (" + String.join(" UNION ALL ", watermarks) + ") AS w)";
        String sql =
                "SELECT unix_micros(max(received_at)) AS newest FROM " + silverTable + " WHERE silver_loaded_at <= "
                        + watermark + " OR (silver_loaded_at IS NULL AND received_at <= " + watermark + ")";
        Object newest = lakehouse.rows(sql).get(0).get("newest");
        if (newest == null) {
            return Optional.empty();
        }
        long micros = ((Number) newest).longValue();
        return Optional.of(
                Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L));
    }
}

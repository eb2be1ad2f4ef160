package dev.descheduler.lakehouse.table;

import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.Layer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructType;

/**
 * One Iceberg table as code: where it lives, its columns, its partitioning (Iceberg transforms as Spark SQL, e.g.
 * {@code days(received_at)}) and its table properties. {@link LakehouseCatalog#ensure} creates it, or brings an
 * existing table up to date (new columns, changed properties). Add a table by adding a constant like those in
 * {@link BronzeTables}.
 */
public record TableDefinition(
        Layer layer, String name, StructType schema, List<String> partitioning, Map<String, String> properties) {

    /** Every table: Iceberg format v2 (row-level deletes for MERGE), zstd Parquet. */
    public static final Map<String, String> BASE_PROPERTIES = Map.of(
            "format-version", "2",
            "write.format.default", "parquet",
            "write.parquet.compression-codec", "zstd");

    /**
     * Tables appended to by a stream every few seconds: many small commits, so old metadata files are deleted on
     * commit (snapshots themselves are expired by maintenance), and writers fan out by partition instead of sorting.
     */
    public static final Map<String, String> STREAMING_APPEND_PROPERTIES = Map.of(
            "write.target-file-size-bytes", Long.toString(128L << 20),
            "write.metadata.delete-after-commit.enabled", "true",
            "write.metadata.previous-versions-max", "100",
            "write.spark.fanout.enabled", "true",
            "write.distribution-mode", "none");

    public TableDefinition {
        schema.fieldNames(); // non-null
        partitioning = List.copyOf(partitioning);
        properties = Map.copyOf(properties);
    }

    /** {@link #BASE_PROPERTIES}, then each of {@code more} in order, later ones winning. */
    @SafeVarargs
    public static Map<String, String> withBaseProperties(Map<String, String>... more) {
        Map<String, String> merged = new LinkedHashMap<>(BASE_PROPERTIES);
        for (Map<String, String> m : more) {
            merged.putAll(m);
        }
        return merged;
    }

    /** {@code <catalog>.<namespace>.<name>}, for Spark SQL and {@code toTable}. */
    public String identifier(LakehouseSettings settings) {
        return settings.catalog() + "." + settings.namespace(layer) + "." + name;
    }

    String createStatement(LakehouseSettings settings) {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ")
                .append(identifier(settings))
                .append(" (")
                .append(schema.toDDL())
                .append(") USING iceberg");
        if (!partitioning.isEmpty()) {
            sql.append(" PARTITIONED BY (")
                    .append(String.join(", ", partitioning))
                    .append(")");
        }
        if (!properties.isEmpty()) {
            sql.append(" TBLPROPERTIES (").append(propertyList(properties)).append(")");
        }
        return sql.toString();
    }

    static String propertyList(Map<String, String> props) {
        return props.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> quote(e.getKey()) + "=" + quote(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}

package dev.descheduler.lakehouse.table;

import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.Layer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the lakehouse's namespaces and tables on first use and keeps existing tables in step with their
 * {@link TableDefinition}: missing columns are added (nested ones too), changed table properties are set. Columns are
 * never dropped or retyped here; that takes a reviewed migration.
 */
public final class LakehouseCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(LakehouseCatalog.class);

    private final SparkSession spark;
    private final LakehouseSettings settings;

    public LakehouseCatalog(SparkSession spark, LakehouseSettings settings) {
        this.spark = spark;
        this.settings = settings;
    }

    /** The three layers' namespaces and {@code default}, which Thrift (JDBC) sessions switch to when they open. */
    public void ensureNamespaces() {
        for (String namespace : namespaces()) {
            spark.sql("CREATE NAMESPACE IF NOT EXISTS " + settings.catalog() + "." + namespace);
        }
    }

    public void ensure(List<TableDefinition> tables) {
        ensureNamespaces();
        tables.forEach(this::ensure);
    }

    public void ensure(TableDefinition table) {
        String id = table.identifier(settings);
        if (!spark.catalog().tableExists(id)) {
            spark.sql(table.createStatement(settings));
            LOG.info("created table {} partitioned by {}", id, table.partitioning());
            return;
        }
        addMissingColumns(id, "", spark.table(id).schema(), table.schema());
        setChangedProperties(id, table.properties());
    }

    private List<String> namespaces() {
        return List.of(
                "default",
                settings.namespace(Layer.BRONZE),
                settings.namespace(Layer.SILVER),
                settings.namespace(Layer.GOLD));
    }

    /**
     * Adds each column of {@code wanted} that {@code existing} lacks at its place in the definition (after the column
     * before it, or first): writers append by position, and Iceberg's Spark writer checks the order of the columns it
     * is given against the table's.
     */
    private void addMissingColumns(String id, String prefix, StructType existing, StructType wanted) {
        String previous = null;
        for (StructField field : wanted.fields()) {
            String path = prefix + quote(field.name());
            if (!List.of(existing.fieldNames()).contains(field.name())) {
                String comment = field.getComment().isDefined()
                        ? " COMMENT '" + field.getComment().get().replace("'", "\\'") + "'"
                        : "";
                String position = previous == null ? " FIRST" : " AFTER " + quote(previous);
                spark.sql("ALTER TABLE " + id + " ADD COLUMN " + path + " "
                        + field.dataType().sql() + comment + position);
                LOG.info(
                        "table {}: added column {} {}{}",
                        id,
                        path,
                        field.dataType().simpleString(),
                        position);
            } else if (field.dataType() instanceof StructType wantedStruct
                    && existing.apply(field.name()).dataType() instanceof StructType existingStruct) {
                addMissingColumns(id, path + ".", existingStruct, wantedStruct);
            }
            previous = field.name();
        }
    }

    private void setChangedProperties(String id, Map<String, String> wanted) {
        Map<String, String> current = new LinkedHashMap<>();
        for (Row row : spark.sql("SHOW TBLPROPERTIES " + id).collectAsList()) {
            current.put(row.getString(0), row.getString(1));
        }
        Map<String, String> changed = new LinkedHashMap<>();
        wanted.forEach((key, value) -> {
            if (!value.equals(current.get(key))) {
                changed.put(key, value);
            }
        });
        if (!changed.isEmpty()) {
            spark.sql("ALTER TABLE " + id + " SET TBLPROPERTIES (" + TableDefinition.propertyList(changed) + ")");
            LOG.info("table {}: set properties {}", id, changed);
        }
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}

package dev.descheduler.silver;

import dev.descheduler.lakehouse.Layer;
import dev.descheduler.lakehouse.table.TableDefinition;
import dev.descheduler.silver.parse.ColumnType;
import dev.descheduler.silver.parse.SilverColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Silver layer's tables. The columns of {@code silver.github_events} come from the parser's one catalogue
 * ({@link SilverColumn}), so a new column is added there and nowhere else.
 */
public final class SilverTables {

    /**
     * When the Silver write that stored (or last replaced) a row started. Not a parser column: the job stamps it on
     * every write, so Gold can take in exactly the rows it has not seen, whatever day their events happened on.
     * Rows written before the column existed have it null.
     */
    public static final String LOADED_AT_COLUMN = "silver_loaded_at";

    /** Table property holding the last Bronze snapshot whose rows Silver has taken in. */
    public static final String BRONZE_SNAPSHOT_PROPERTY = "silver.source.bronze-snapshot-id";

    private static final Map<String, String> MERGED_PROPERTIES = Map.of(
            // rows come out of the dedup shuffle already spread over tasks; a hash distribution by day would add a
            // second shuffle and funnel a one-day increment into a single writer task
            "write.distribution-mode", "none",
            "write.spark.fanout.enabled", "true",
            "write.target-file-size-bytes", Long.toString(128L << 20),
            "write.metadata.delete-after-commit.enabled", "true",
            "write.metadata.previous-versions-max", "50");

    /** One row per GitHub event id: the first copy the collector received. */
    public static final TableDefinition EVENTS = new TableDefinition(
            Layer.SILVER,
            "github_events",
            eventsSchema(),
            List.of("days(created_at)"),
            TableDefinition.withBaseProperties(MERGED_PROPERTIES));

    /** Bronze rows that could not become Silver rows, one per Bronze copy (keyed by ingest_id). */
    public static final TableDefinition REJECTED = new TableDefinition(
            Layer.SILVER,
            "github_events_rejected",
            DataTypes.createStructType(List.of(
                    DataTypes.createStructField("ingest_id", DataTypes.StringType, false),
                    DataTypes.createStructField("event_id", DataTypes.StringType, true),
                    DataTypes.createStructField("event_type", DataTypes.StringType, true),
                    DataTypes.createStructField("reason", DataTypes.StringType, false),
                    DataTypes.createStructField("received_at", DataTypes.TimestampType, true),
                    DataTypes.createStructField("bronze_snapshot_id", DataTypes.LongType, false),
                    DataTypes.createStructField("rejected_at", DataTypes.TimestampType, false))),
            List.of(),
            TableDefinition.withBaseProperties(MERGED_PROPERTIES));

    private SilverTables() {}

    public static List<TableDefinition> all() {
        return List.of(EVENTS, REJECTED);
    }

    private static StructType eventsSchema() {
        List<StructField> fields = new ArrayList<>(SilverColumn.all().stream()
                .map(c -> DataTypes.createStructField(c.columnName(), sparkType(c.type()), true))
                .toList());
        fields.add(DataTypes.createStructField(LOADED_AT_COLUMN, DataTypes.TimestampType, true));
        return DataTypes.createStructType(fields);
    }

    static DataType sparkType(ColumnType type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case BOOLEAN -> DataTypes.BooleanType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case DATE -> DataTypes.DateType;
            case STRING_ARRAY -> DataTypes.createArrayType(DataTypes.StringType, true);
        };
    }
}

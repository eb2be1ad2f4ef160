package dev.descheduler.lakehouse.table;

import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.lakehouse.Layer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The Bronze layer: Kafka batches landed as they arrived (DESIGN.md, data contracts). */
public final class BronzeTables {

    public static final String KAFKA_TOPIC = "kafka_topic";
    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    public static final String BATCH_ID = "batch_id";
    public static final String BRONZE_LOADED_AT = "bronze_loaded_at";
    public static final String RAW_VALUE = "raw_value";
    public static final String ERROR = "error";
    public static final String QUARANTINED_AT = "quarantined_at";

    /** The envelope columns of the compiled envelope schema, then where each event came from. Append-only. */
    public static final TableDefinition EVENTS = events(GitHubEvent.getClassSchema());

    /** Kafka messages that could not be decoded, kept whole so they can be inspected and replayed. */
    public static final TableDefinition QUARANTINE = new TableDefinition(
            Layer.BRONZE,
            "github_events_quarantine",
            withColumns(
                    new StructType(),
                    column(RAW_VALUE, DataTypes.BinaryType, "The Kafka message value, byte for byte."),
                    column(ERROR, DataTypes.StringType, "Why the message could not be decoded."),
                    column(KAFKA_TOPIC, DataTypes.StringType, "Kafka topic of the message."),
                    column(KAFKA_PARTITION, DataTypes.IntegerType, "Kafka partition of the message."),
                    column(KAFKA_OFFSET, DataTypes.LongType, "Kafka offset of the message."),
                    column(BATCH_ID, DataTypes.StringType, "Collector batch id, when a header or key carried one."),
                    column(
                            QUARANTINED_AT,
                            DataTypes.TimestampType,
                            "Start of the micro-batch that quarantined the message.")),
            List.of(),
            TableDefinition.withBaseProperties(TableDefinition.STREAMING_APPEND_PROPERTIES));

    private BronzeTables() {}

    public static List<TableDefinition> all() {
        return List.of(EVENTS, QUARANTINE);
    }

    /** Both Bronze tables, with the events table's envelope columns derived from {@code envelope}. */
    public static List<TableDefinition> all(Schema envelope) {
        return List.of(events(envelope), QUARANTINE);
    }

    /**
     * {@code github_events} for events decoded with {@code envelope} as reader schema: a newer compatible envelope
     * (new optional fields) gives the same table plus the new columns, placed before the lineage columns.
     */
    public static TableDefinition events(Schema envelope) {
        return new TableDefinition(
                Layer.BRONZE,
                "github_events",
                withColumns(
                        EnvelopeColumns.sparkType(envelope),
                        column(KAFKA_TOPIC, DataTypes.StringType, "Kafka topic the batch was read from."),
                        column(KAFKA_PARTITION, DataTypes.IntegerType, "Kafka partition of the batch message."),
                        column(
                                KAFKA_OFFSET,
                                DataTypes.LongType,
                                "Kafka offset of the batch message (one offset per batch)."),
                        column(
                                BATCH_ID,
                                DataTypes.StringType,
                                "Collector batch id (Kafka header batch_id, else the message key)."),
                        column(
                                BRONZE_LOADED_AT,
                                DataTypes.TimestampType,
                                "Start of the micro-batch that wrote the row.")),
                List.of("days(received_at)"),
                TableDefinition.withBaseProperties(TableDefinition.STREAMING_APPEND_PROPERTIES));
    }

    private static StructField column(String name, DataType type, String comment) {
        Metadata metadata = new MetadataBuilder().putString("comment", comment).build();
        return DataTypes.createStructField(name, type, true, metadata);
    }

    private static StructType withColumns(StructType base, StructField... more) {
        List<StructField> fields = new ArrayList<>(List.of(base.fields()));
        fields.addAll(List.of(more));
        return DataTypes.createStructType(fields);
    }
}

package dev.descheduler.lakehouse.table;

import dev.descheduler.events.avro.GitHubEvent;
import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * The event envelope as Spark columns, derived from the Avro schema the events are decoded with (the reader schema),
 * so a new optional envelope field becomes a new Bronze column when a job decodes with the newer schema (no second
 * copy of the schema to keep in step).
 * Every column is nullable: Bronze lands whatever the codec accepted, and compatible envelope changes can only ever
 * add optional columns to an Iceberg table.
 */
public final class EnvelopeColumns {

    private static final StructType SPARK_TYPE = structOf(GitHubEvent.getClassSchema());

    private EnvelopeColumns() {}

    /** The columns of the compiled envelope schema, {@link GitHubEvent#getClassSchema()}. */
    public static StructType sparkType() {
        return SPARK_TYPE;
    }

    /** The columns of another envelope schema (a newer compatible version), in its field order. */
    public static StructType sparkType(Schema envelope) {
        return envelope.equals(GitHubEvent.getClassSchema()) ? SPARK_TYPE : structOf(envelope);
    }

    /**
     * The values of one decoded event in the order of {@link #sparkType(Schema)} for the schema it was read with, ready
     * for {@link RowFactory#create}.
     */
    public static Object[] values(IndexedRecord event) {
        return recordValues(event);
    }

    private static StructType structOf(Schema record) {
        List<StructField> fields = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            Metadata comment = field.doc() == null
                    ? Metadata.empty()
                    : new MetadataBuilder().putString("comment", field.doc()).build();
            fields.add(DataTypes.createStructField(field.name(), typeOf(field.schema()), true, comment));
        }
        return DataTypes.createStructType(fields);
    }

    private static DataType typeOf(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros) {
            return DataTypes.TimestampType;
        }
        return switch (schema.getType()) {
            case STRING, ENUM -> DataTypes.StringType;
            case BOOLEAN -> DataTypes.BooleanType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case FLOAT -> DataTypes.FloatType;
            case DOUBLE -> DataTypes.DoubleType;
            case BYTES, FIXED -> DataTypes.BinaryType;
            case RECORD -> structOf(schema);
            case MAP -> DataTypes.createMapType(DataTypes.StringType, typeOf(schema.getValueType()), true);
            case ARRAY -> DataTypes.createArrayType(typeOf(schema.getElementType()), true);
            case UNION -> typeOf(nonNullBranch(schema));
            case NULL -> throw new IllegalArgumentException("a field of type null has no column type");
        };
    }

    private static Schema nonNullBranch(Schema union) {
        List<Schema> branches = union.getTypes().stream()
                .filter(s -> s.getType() != Schema.Type.NULL)
                .toList();
        if (branches.size() != 1) {
            throw new IllegalArgumentException("only unions of null and one type map to a column, got " + union);
        }
        return branches.get(0);
    }

    private static Object[] recordValues(IndexedRecord record) {
        List<Schema.Field> fields = record.getSchema().getFields();
        Object[] values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = valueOf(record.get(i), fields.get(i).schema());
        }
        return values;
    }

    private static Object valueOf(Object value, Schema declared) {
        if (value == null) {
            return null;
        }
        Schema schema = unwrap(declared);
        if (value instanceof Instant instant) {
            return Timestamp.from(instant);
        }
        if (value instanceof Long millis && schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return new Timestamp(millis);
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof IndexedRecord record) {
            return RowFactory.create(recordValues(record));
        }
        if (value instanceof Map<?, ?> map) {
            Schema valueSchema = schema.getValueType();
            Map<String, Object> converted = new LinkedHashMap<>(map.size() * 2);
            map.forEach((k, v) -> converted.put(k.toString(), valueOf(v, valueSchema)));
            return JavaConverters.mapAsScalaMapConverter(converted).asScala();
        }
        if (value instanceof List<?> list) {
            Schema elementSchema = schema.getElementType();
            List<Object> converted = new ArrayList<>(list.size());
            list.forEach(v -> converted.add(valueOf(v, elementSchema)));
            return JavaConverters.asScalaBufferConverter(converted).asScala().toSeq();
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        if (value instanceof org.apache.avro.generic.GenericEnumSymbol<?> symbol) {
            return symbol.toString();
        }
        return value;
    }

    private static Schema unwrap(Schema schema) {
        return schema.getType() == Schema.Type.UNION ? nonNullBranch(schema) : schema;
    }
}

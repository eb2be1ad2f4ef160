package dev.descheduler.lakehouse.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BronzeTablesTest {

    private final LakehouseSettings settings = LakehouseSettings.from(Environment.of(Map.of()));

    @Test
    void eventsHoldTheEnvelopeThenTheLineageColumns() {
        StructType schema = BronzeTables.EVENTS.schema();

        assertThat(schema.fieldNames())
                .containsExactly(
                        "ingest_id",
                        "received_at",
                        "id",
                        "id_is_number",
                        "type",
                        "actor",
                        "repo",
                        "org",
                        "payload",
                        "public",
                        "created_at",
                        "extra_fields",
                        "kafka_topic",
                        "kafka_partition",
                        "kafka_offset",
                        "batch_id",
                        "bronze_loaded_at");
        assertThat(schema.apply("received_at").dataType()).isEqualTo(DataTypes.TimestampType);
        assertThat(schema.apply("kafka_offset").dataType()).isEqualTo(DataTypes.LongType);
        assertThat(((StructType) schema.apply("actor").dataType()).fieldNames())
                .containsExactly("id", "login", "display_login", "gravatar_id", "url", "avatar_url", "extra_fields");
        assertThat(((StructType) schema.apply("org").dataType()).apply("id").dataType())
                .isEqualTo(DataTypes.LongType);
        assertThat(schema.apply("extra_fields").dataType()).isInstanceOf(MapType.class);
        assertThat(schema.fields()).allMatch(field -> field.nullable());
    }

    @Test
    void aNewerEnvelopeAddsItsFieldsAsColumnsBeforeTheLineage() {
        Schema v1 = GitHubEvent.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        v1.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field(
                "delivery_id",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "the webhook delivery id",
                Schema.Field.NULL_DEFAULT_VALUE));
        Schema v2 = Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);

        StructType schema = BronzeTables.events(v2).schema();

        assertThat(BronzeTables.events(v1)).isEqualTo(BronzeTables.EVENTS);
        assertThat(schema.fieldNames()).hasSize(BronzeTables.EVENTS.schema().fields().length + 1);
        assertThat(schema.fieldNames()[12]).isEqualTo("delivery_id");
        assertThat(schema.fieldNames()[13]).isEqualTo("kafka_topic");
        assertThat(schema.apply("delivery_id").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(schema.apply("delivery_id").getComment().get()).isEqualTo("the webhook delivery id");
        assertThat(BronzeTables.all(v2).get(0).partitioning()).isEqualTo(BronzeTables.EVENTS.partitioning());
    }

    @Test
    void eventsArePartitionedByDayOfReceiptWithStreamingProperties() {
        String ddl = BronzeTables.EVENTS.createStatement(settings);

        assertThat(BronzeTables.EVENTS.identifier(settings)).isEqualTo("lakehouse.bronze.github_events");
        assertThat(ddl)
                .startsWith("CREATE TABLE IF NOT EXISTS lakehouse.bronze.github_events (")
                .contains("USING iceberg PARTITIONED BY (days(received_at))")
                .contains("'format-version'='2'")
                .contains("'write.parquet.compression-codec'='zstd'")
                .contains("'write.metadata.delete-after-commit.enabled'='true'")
                .contains("'write.metadata.previous-versions-max'='100'")
                .contains("'write.target-file-size-bytes'='134217728'");
    }

    @Test
    void quarantineKeepsTheRawMessageAndWhereItCameFrom() {
        assertThat(BronzeTables.QUARANTINE.identifier(settings)).isEqualTo("lakehouse.bronze.github_events_quarantine");
        assertThat(BronzeTables.QUARANTINE.schema().fieldNames())
                .containsExactly(
                        "raw_value",
                        "error",
                        "kafka_topic",
                        "kafka_partition",
                        "kafka_offset",
                        "batch_id",
                        "quarantined_at");
        assertThat(BronzeTables.QUARANTINE.schema().apply("raw_value").dataType())
                .isEqualTo(DataTypes.BinaryType);
        assertThat(BronzeTables.QUARANTINE.createStatement(settings)).doesNotContain("PARTITIONED BY");
    }
}

package dev.descheduler.bronze;

import dev.descheduler.events.BatchHeaders;
import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.avro.GitHubEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/** Rows shaped like the Kafka source's (the columns {@link KafkaMessage} reads), for tests without a broker. */
final class KafkaRows {

    static final StructType SCHEMA = new StructType()
            .add("key", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add(
                    "headers",
                    DataTypes.createArrayType(
                            new StructType().add("key", DataTypes.StringType).add("value", DataTypes.BinaryType)));

    private KafkaRows() {}

    static Row batch(String batchId, List<GitHubEvent> events, int partition, long offset) {
        return message(batchId, EventBatchCodec.encode(events), Integer.toString(events.size()), partition, offset);
    }

    static Row message(String batchId, byte[] value, String eventCount, int partition, long offset) {
        List<Row> headers = List.of(
                RowFactory.create(BatchHeaders.BATCH_ID, bytes(batchId)),
                RowFactory.create(BatchHeaders.EVENT_COUNT, bytes(eventCount)),
                RowFactory.create(BatchHeaders.SCHEMA_FINGERPRINT, bytes(EventBatchCodec.schemaFingerprint())));
        return RowFactory.create(
                bytes(batchId),
                value,
                "github_events_avro",
                partition,
                offset,
                JavaConverters.asScalaBufferConverter(headers).asScala().toSeq());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.descheduler.bronze;

import dev.descheduler.events.BatchHeaders;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** One row of the Kafka source, as the Bronze decoders read it ({@link #COLUMNS} fixes the positions). */
record KafkaMessage(byte[] key, byte[] value, String topic, int partition, long offset, List<Row> headers) {

    static final Column[] COLUMNS = {
        functions.col("key"),
        functions.col("value"),
        functions.col("topic"),
        functions.col("partition"),
        functions.col("offset"),
        functions.col("headers")
    };

    static KafkaMessage of(Row row) {
        return new KafkaMessage(
                (byte[]) row.get(0),
                (byte[]) row.get(1),
                row.getString(2),
                row.getInt(3),
                row.getLong(4),
                row.isNullAt(5) ? List.of() : row.getList(5));
    }

    /** The last header of that name, as text; null when absent. */
    String header(String name) {
        String found = null;
        for (Row header : headers) {
            if (name.equals(header.getString(0))) {
                found = BatchMessageDecoder.headerText((byte[]) header.get(1));
            }
        }
        return found;
    }

    /** The collector's batch id: its header, else the message key (they are the same by contract). */
    String batchId() {
        String id = header(BatchHeaders.BATCH_ID);
        return id != null ? id : BatchMessageDecoder.headerText(key);
    }
}

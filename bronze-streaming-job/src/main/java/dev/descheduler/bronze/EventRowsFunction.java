package dev.descheduler.bronze;

import dev.descheduler.events.BatchHeaders;
import dev.descheduler.lakehouse.table.EnvelopeColumns;
import java.util.Collections;
import java.util.Iterator;
import org.apache.avro.generic.IndexedRecord;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** One Kafka message in, one row per event out: the envelope columns, then topic, partition, offset and batch id. */
final class EventRowsFunction implements FlatMapFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final BatchMessageDecoder decoder;

    EventRowsFunction(BatchMessageDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Iterator<Row> call(Row kafkaRow) {
        KafkaMessage message = KafkaMessage.of(kafkaRow);
        BatchMessageDecoder.Decoded decoded = decoder.decode(message.value(), message.header(BatchHeaders.EVENT_COUNT));
        if (decoded.isQuarantined()) {
            return Collections.emptyIterator();
        }
        String batchId = message.batchId();
        Iterator<IndexedRecord> events = decoded.events().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public Row next() {
                Object[] envelope = EnvelopeColumns.values(events.next());
                Object[] values = new Object[envelope.length + 4];
                System.arraycopy(envelope, 0, values, 0, envelope.length);
                values[envelope.length] = message.topic();
                values[envelope.length + 1] = message.partition();
                values[envelope.length + 2] = message.offset();
                values[envelope.length + 3] = batchId;
                return RowFactory.create(values);
            }
        };
    }
}

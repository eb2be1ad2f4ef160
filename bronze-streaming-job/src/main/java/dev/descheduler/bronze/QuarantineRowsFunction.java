package dev.descheduler.bronze;

import dev.descheduler.events.BatchHeaders;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** One Kafka message in; one quarantine row out when it cannot be decoded, nothing when it can. */
final class QuarantineRowsFunction implements FlatMapFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final BatchMessageDecoder decoder;

    QuarantineRowsFunction(BatchMessageDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Iterator<Row> call(Row kafkaRow) {
        KafkaMessage message = KafkaMessage.of(kafkaRow);
        String reason = decoder.quarantineReason(message.value(), message.header(BatchHeaders.EVENT_COUNT));
        if (reason == null) {
            return Collections.emptyIterator();
        }
        return Collections.singletonList(RowFactory.create(
                        message.value(),
                        reason,
                        message.topic(),
                        message.partition(),
                        message.offset(),
                        message.batchId()))
                .iterator();
    }
}

package dev.descheduler.bronze;

import dev.descheduler.lakehouse.table.BronzeTables;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * Kafka rows to Bronze rows. Pure: no environment, no session, no I/O of their own. Each Kafka message is decoded by
 * a flatMap over the micro-batch (one message in, its events out), so rows stream through without materializing
 * arrays per message.
 */
final class BronzeTransforms {

    private BronzeTransforms() {}

    /**
     * Rows for {@code bronze.github_events}, in table column order, with the events read as (resolved to) the
     * {@code envelope} schema, which also decides the envelope columns; undecodable messages give none.
     */
    static Dataset<Row> events(Dataset<Row> kafka, Schema envelope) {
        StructType decoded = allButLast(BronzeTables.events(envelope).schema());
        return kafka.select(KafkaMessage.COLUMNS)
                .flatMap(new EventRowsFunction(new BatchMessageDecoder(envelope)), Encoders.row(decoded))
                // current_timestamp() is fixed per micro-batch in a streaming query: one load time per commit
                .withColumn(BronzeTables.BRONZE_LOADED_AT, functions.current_timestamp());
    }

    /**
     * Rows for {@code bronze.github_events_quarantine}: one per message that cannot be decoded as {@code envelope}
     * (the same reader schema as {@link #events}, so each message lands in exactly one of the two tables).
     */
    static Dataset<Row> quarantine(Dataset<Row> kafka, Schema envelope) {
        StructType decoded = allButLast(BronzeTables.QUARANTINE.schema());
        return kafka.select(KafkaMessage.COLUMNS)
                .flatMap(new QuarantineRowsFunction(new BatchMessageDecoder(envelope)), Encoders.row(decoded))
                .withColumn(BronzeTables.QUARANTINED_AT, functions.current_timestamp());
    }

    private static StructType allButLast(StructType schema) {
        return new StructType(Arrays.copyOf(schema.fields(), schema.fields().length - 1));
    }
}

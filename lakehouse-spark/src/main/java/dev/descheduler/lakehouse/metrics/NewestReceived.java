package dev.descheduler.lakehouse.metrics;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.LoggerFactory;

/**
 * The newest {@code received_at} of a table, for its freshness (now minus this): how long ago the newest event it
 * holds reached the collector. Iceberg answers {@code max()} from its files' column statistics where it can, so this
 * reads metadata, not the data.
 */
public final class NewestReceived {

    private NewestReceived() {}

    /** Empty when the table has no rows, or when the query failed: a freshness figure is never worth a failed run. */
    public static Optional<Instant> in(SparkSession spark, String table) {
        try {
            Row row = spark.sql("SELECT max(received_at) FROM " + table).first();
            Object value = row.get(0);
            if (value instanceof Timestamp timestamp) {
                return Optional.of(timestamp.toInstant());
            }
            return value instanceof Instant instant ? Optional.of(instant) : Optional.empty();
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(NewestReceived.class)
                    .warn("the newest received_at of {} could not be read: {}", table, e.toString());
            return Optional.empty();
        }
    }
}

package dev.descheduler.bronze;

import dev.descheduler.lakehouse.WriterLock;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import dev.descheduler.lakehouse.table.TableDefinition;
import java.sql.Timestamp;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Bronze as two Iceberg streaming sinks over the same topic, each with its own checkpoint: events into
 * {@code github_events}, undecodable messages into {@code github_events_quarantine}. Both decode every message with
 * the same deterministic decoder, so each message lands in exactly one of the two tables; Iceberg's sink records the
 * query id and epoch in each snapshot and skips an epoch it already committed, so a restart after a crash neither
 * loses nor duplicates a batch.
 *
 * <p>The envelope schema is the reader schema every message is decoded with and the source of the events table's
 * envelope columns. A job built for a newer envelope (new optional fields) adds their columns to the existing table
 * when it starts and goes on from the same checkpoints; rows landed before read the new columns as null.
 */
final class BronzeStreamWriter {

    private static final Logger LOG = LoggerFactory.getLogger(BronzeStreamWriter.class);
    private static final long WATCH_INTERVAL_MS = 2_000;
    static final String READY_MARKER = "bronze-streaming-job ready: first micro-batch done by";

    private final SparkSession spark;
    private final BronzeSettings settings;
    private final Schema envelope;
    private final GracefulShutdown shutdown;

    BronzeStreamWriter(SparkSession spark, BronzeSettings settings, Schema envelope, GracefulShutdown shutdown) {
        this.spark = spark;
        this.settings = settings;
        this.envelope = envelope;
        this.shutdown = shutdown;
    }

    BronzeRunReport run() throws TimeoutException, StreamingQueryException {
        try (WriterLock lock =
                WriterLock.acquire(settings.lakehouse(), settings.checkpointLocation(), "bronze-streaming-job")) {
            new LakehouseCatalog(spark, settings.lakehouse()).ensure(BronzeTables.all(envelope));
            Timestamp started = new Timestamp(System.currentTimeMillis());
            StreamingQuery events = start(BronzeTransforms.events(kafka(), envelope), BronzeTables.EVENTS);
            StreamingQuery quarantine = start(BronzeTransforms.quarantine(kafka(), envelope), BronzeTables.QUARANTINE);
            List<StreamingQuery> queries = List.of(events, quarantine);
            shutdown.watch(queries);
            try {
                await(queries, lock);
            } finally {
                stopAll(queries);
            }
            long[] written = committed(BronzeTables.EVENTS, events, started);
            long[] quarantined = committed(BronzeTables.QUARANTINE, quarantine, started);
            return new BronzeRunReport(written[0], written[1], quarantined[0], quarantined[1], shutdown.requested());
        }
    }

    private Dataset<Row> kafka() {
        return kafka(spark, settings);
    }

    /** The topic as the Bronze job reads it: the same options for both sinks (and for benchmarks of it). */
    static Dataset<Row> kafka(SparkSession spark, BronzeSettings settings) {
        return spark.readStream()
                .format("kafka")
                .option("kafka.bootstrap.servers", settings.kafkaBootstrapServers())
                .option("subscribe", settings.kafkaTopic())
                .option("startingOffsets", settings.startingOffsets())
                // offsets deleted by retention before Bronze read them are lost events: stop and say so
                .option("failOnDataLoss", Boolean.toString(settings.failOnDataLoss()))
                .option("maxOffsetsPerTrigger", Integer.toString(settings.maxOffsetsPerTrigger()))
                .option("includeHeaders", "true")
                .load();
    }

    /** The streaming query that writes {@code table}: how its progress events and the ready marker name it. */
    static String queryName(TableDefinition table) {
        return "bronze_" + table.name();
    }

    private StreamingQuery start(Dataset<Row> rows, TableDefinition table) throws TimeoutException {
        String checkpoint = settings.checkpointFor(table.name());
        Trigger trigger = settings.availableNow()
                ? Trigger.AvailableNow()
                : Trigger.ProcessingTime(settings.triggerInterval().toMillis());
        StreamingQuery query = rows.writeStream()
                .format("iceberg")
                .outputMode("append")
                .queryName(queryName(table))
                .trigger(trigger)
                .option("checkpointLocation", checkpoint)
                .option("fanout-enabled", "true")
                .toTable(table.identifier(settings.lakehouse()));
        LOG.info(
                "query {} ({}) started: {} -> {} checkpoint {} trigger {}",
                query.name(),
                query.id(),
                settings.kafkaTopic(),
                table.identifier(settings.lakehouse()),
                checkpoint,
                settings.availableNow() ? "available-now" : settings.triggerInterval());
        return query;
    }

    /** Until every query is done (available-now), or one of them ends (processing time); a failure is rethrown. */
    private void await(List<StreamingQuery> queries, WriterLock lock) throws StreamingQueryException {
        boolean announced = false;
        while (true) {
            for (StreamingQuery query : queries) {
                if (!query.isActive() && query.exception().isDefined()) {
                    throw query.exception().get();
                }
            }
            List<StreamingQuery> active =
                    queries.stream().filter(StreamingQuery::isActive).toList();
            if (active.isEmpty() || (!settings.availableNow() && active.size() < queries.size())) {
                return;
            }
            if (!lock.isHeld()) {
                throw new IllegalStateException("lost the writer lock on " + settings.checkpointLocation()
                        + " (catalog database unreachable); stopping so that no second writer overlaps");
            }
            if (!announced && queries.stream().allMatch(query -> query.lastProgress() != null)) {
                // what `make bronze-stream` waits for: both queries reached Kafka and finished a first micro-batch
                LOG.info(
                        "{} {}",
                        READY_MARKER,
                        queries.stream().map(StreamingQuery::name).toList());
                announced = true;
            }
            active.get(0).awaitTermination(WATCH_INTERVAL_MS);
        }
    }

    /** Rows and commits this run's query added to the table since {@code since}: {rows, commits}. */
    private long[] committed(TableDefinition table, StreamingQuery query, Timestamp since) {
        Row row = spark.sql("SELECT count(*), coalesce(sum(cast(summary['added-records'] AS BIGINT)), 0) FROM "
                        + table.identifier(settings.lakehouse()) + ".snapshots"
                        + " WHERE summary['spark.sql.streaming.queryId'] = '" + query.id() + "'"
                        + " AND committed_at >= timestamp_millis(" + since.getTime() + ")")
                .first();
        return new long[] {row.getLong(1), row.getLong(0)};
    }

    private static void stopAll(List<StreamingQuery> queries) {
        for (StreamingQuery query : queries) {
            try {
                query.stop();
            } catch (TimeoutException e) {
                LOG.warn("query {} did not stop in time", query.name(), e);
            }
        }
    }
}

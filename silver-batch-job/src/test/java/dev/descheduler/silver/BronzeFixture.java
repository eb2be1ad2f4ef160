package dev.descheduler.silver;

import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.JsonLimits;
import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.EnvelopeColumns;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Lands events in {@code bronze.github_events} as the Bronze job would (envelope plus lineage), so Silver is tested
 * on its own. Events are real GH Archive lines, decoded by the collector's own decoder.
 */
public final class BronzeFixture {

    private final SparkSession spark;
    private final LakehouseSettings settings;
    private final EventJsonDecoder decoder = new EventJsonDecoder(JsonLimits.defaults());
    private long nextOffset;

    public BronzeFixture(SparkSession spark, LakehouseSettings settings) {
        this.spark = spark;
        this.settings = settings;
    }

    /** One Bronze append (one snapshot) of the given JSON events, each with a new ingest id. */
    public List<GitHubEvent> land(List<String> jsonLines, Instant receivedAt) throws Exception {
        List<GitHubEvent> events = new ArrayList<>();
        for (String line : jsonLines) {
            byte[] json = line.getBytes(StandardCharsets.UTF_8);
            events.add(decoder.decode(json, 0, json.length, UUID.randomUUID().toString(), receivedAt));
        }
        landEvents(events);
        return events;
    }

    public void landEvents(List<GitHubEvent> events) throws Exception {
        List<Row> rows = new ArrayList<>();
        String batchId = UUID.randomUUID().toString();
        long offset = nextOffset++;
        for (GitHubEvent event : events) {
            Object[] envelope = EnvelopeColumns.values(event);
            Object[] row = new Object[envelope.length + 5];
            System.arraycopy(envelope, 0, row, 0, envelope.length);
            row[envelope.length] = "github_events_avro";
            row[envelope.length + 1] = 0;
            row[envelope.length + 2] = offset;
            row[envelope.length + 3] = batchId;
            row[envelope.length + 4] = Timestamp.from(Instant.now());
            rows.add(RowFactory.create(row));
        }
        spark.createDataFrame(rows, BronzeTables.EVENTS.schema())
                .writeTo(BronzeTables.EVENTS.identifier(settings))
                .append();
    }
}

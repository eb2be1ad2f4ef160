package dev.descheduler.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.avro.GitHubEvent;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The flatMap functions on their own: one Kafka message in, Bronze rows or a quarantine row out. */
class BronzeRowFunctionsTest {

    private static final BatchMessageDecoder V1 = new BatchMessageDecoder(GitHubEvent.getClassSchema());
    private static final BatchMessageDecoder V2 = new BatchMessageDecoder(EnvelopeV2.schema());

    private static RealEvents events;

    @BeforeAll
    static void loadEvents() {
        events = RealEvents.load(50);
    }

    @Test
    void turnsAValidBatchIntoOneRowPerEventWithLineage() throws Exception {
        List<GitHubEvent> batch = events.take(20);
        Row message = KafkaRows.batch("batch-1", batch, 2, 41L);

        List<Row> rows = collect(new EventRowsFunction(V1).call(message));

        assertThat(rows).hasSize(20);
        int lineage = rows.get(0).length() - 4;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertThat(row.getString(0)).isEqualTo(batch.get(i).getIngestId());
            assertThat(row.get(1)).isEqualTo(Timestamp.from(batch.get(i).getReceivedAt()));
            assertThat(row.getString(2)).isEqualTo(batch.get(i).getId());
            assertThat(row.getString(4)).isEqualTo(batch.get(i).getType());
            assertThat(row.getString(8)).isEqualTo(batch.get(i).getPayload());
            assertThat(row.getString(lineage)).isEqualTo("github_events_avro");
            assertThat(row.getInt(lineage + 1)).isEqualTo(2);
            assertThat(row.getLong(lineage + 2)).isEqualTo(41L);
            assertThat(row.getString(lineage + 3)).isEqualTo("batch-1");
        }
        assertThat(new QuarantineRowsFunction(V1).call(message).hasNext()).isFalse();
    }

    @Test
    void turnsACorruptMessageIntoOneQuarantineRowAndNoEvents() throws Exception {
        byte[] valid = EventBatchCodec.encode(events.take(5));
        byte[] corrupt = Arrays.copyOf(valid, valid.length / 2); // truncated in transit
        Row message = KafkaRows.message("batch-2", corrupt, "5", 0, 7L);

        assertThat(new EventRowsFunction(V1).call(message).hasNext()).isFalse();
        List<Row> quarantined = collect(new QuarantineRowsFunction(V1).call(message));

        assertThat(quarantined).hasSize(1);
        Row row = quarantined.get(0);
        assertThat((byte[]) row.get(0)).isEqualTo(corrupt);
        assertThat(row.getString(1)).startsWith("not a readable Avro container file of GitHub events: ");
        assertThat(row.getString(2)).isEqualTo("github_events_avro");
        assertThat(row.getInt(3)).isZero();
        assertThat(row.getLong(4)).isEqualTo(7L);
        assertThat(row.getString(5)).isEqualTo("batch-2");
    }

    @Test
    void everyMessageLandsInExactlyOneOfTheTwoTablesHoweverItIsDamaged() throws Exception {
        byte[] valid = EventBatchCodec.encode(events.take(8));
        for (int length = 0; length <= valid.length; length += 37) {
            for (boolean flipped : new boolean[] {false, true}) {
                byte[] damaged = Arrays.copyOf(valid, length);
                if (flipped && length > 0) {
                    damaged[length / 2] ^= 0x5A;
                }
                Row message = KafkaRows.message("batch-d", damaged, "8", 0, length);

                boolean inEvents = new EventRowsFunction(V1).call(message).hasNext();
                boolean inQuarantine =
                        new QuarantineRowsFunction(V1).call(message).hasNext();

                assertThat(inEvents ^ inQuarantine)
                        .as(
                                "message of %d bytes (flipped %s): events %s, quarantine %s",
                                length, flipped, inEvents, inQuarantine)
                        .isTrue();
            }
        }
    }

    @Test
    void quarantinesABatchWhoseEventCountHeaderDoesNotMatchItsFile() throws Exception {
        Row message = KafkaRows.message("batch-3", EventBatchCodec.encode(events.take(3)), "4", 1, 9L);

        assertThat(new EventRowsFunction(V1).call(message).hasNext()).isFalse();
        assertThat(collect(new QuarantineRowsFunction(V1).call(message)).get(0).getString(1))
                .isEqualTo("header event_count says 4 events but the file holds 3");
    }

    @Test
    void quarantinesAnEmptyMessage() throws Exception {
        Row message = KafkaRows.message("batch-4", new byte[0], "0", 1, 10L);

        assertThat(collect(new QuarantineRowsFunction(V1).call(message)).get(0).getString(1))
                .isEqualTo("empty message value");
    }

    @Test
    void readsANewerEnvelopeWithoutItsNewFieldAndAnOlderOneWithTheDefault() throws Exception {
        List<GitHubEvent> batch = events.take(3);
        Row v2Message = KafkaRows.message("batch-v2", EnvelopeV2.encode(batch), "3", 0, 11L);
        Row v1Message = KafkaRows.batch("batch-v1", events.take(2), 0, 12L);
        int envelopeColumns = GitHubEvent.getClassSchema().getFields().size();

        List<Row> v1ReadsV2 = collect(new EventRowsFunction(V1).call(v2Message));
        List<Row> v2ReadsV2 = collect(new EventRowsFunction(V2).call(v2Message));
        List<Row> v2ReadsV1 = collect(new EventRowsFunction(V2).call(v1Message));

        assertThat(v1ReadsV2).hasSize(3);
        assertThat(v1ReadsV2.get(0).length()).isEqualTo(envelopeColumns + 4);
        assertThat(v1ReadsV2.get(0).getString(0)).isEqualTo(batch.get(0).getIngestId());
        assertThat(v2ReadsV2).hasSize(3);
        assertThat(v2ReadsV2.get(0).length()).isEqualTo(envelopeColumns + 5);
        for (int i = 0; i < 3; i++) {
            assertThat(v2ReadsV2.get(i).getString(envelopeColumns))
                    .isEqualTo(EnvelopeV2.deliveryIdOf(batch.get(i).getIngestId()));
            assertThat(v2ReadsV2.get(i).getString(envelopeColumns + 4)).isEqualTo("batch-v2");
        }
        assertThat(v2ReadsV1).hasSize(2);
        assertThat(v2ReadsV1).allMatch(row -> row.isNullAt(envelopeColumns));
        assertThat(new QuarantineRowsFunction(V1).call(v2Message).hasNext()).isFalse();
        assertThat(new QuarantineRowsFunction(V2).call(v1Message).hasNext()).isFalse();
    }

    @Test
    void survivesJavaSerializationAsSparkShipsItToExecutors() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new EventRowsFunction(V2));
        }
        EventRowsFunction shipped;
        try (java.io.ObjectInputStream in =
                new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            shipped = (EventRowsFunction) in.readObject();
        }
        Row message = KafkaRows.message("batch-5", EnvelopeV2.encode(events.take(2)), "2", 0, 13L);

        assertThat(collect(shipped.call(message))).hasSize(2);
    }

    private static List<Row> collect(java.util.Iterator<Row> rows) {
        List<Row> list = new ArrayList<>();
        rows.forEachRemaining(list::add);
        return list;
    }
}

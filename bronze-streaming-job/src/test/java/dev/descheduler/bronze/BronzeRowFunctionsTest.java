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

    private static RealEvents events;

    @BeforeAll
    static void loadEvents() {
        events = RealEvents.load(50);
    }

    @Test
    void turnsAValidBatchIntoOneRowPerEventWithLineage() throws Exception {
        List<GitHubEvent> batch = events.take(20);
        Row message = KafkaRows.batch("batch-1", batch, 2, 41L);

        List<Row> rows = collect(new EventRowsFunction().call(message));

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
        assertThat(new QuarantineRowsFunction().call(message).hasNext()).isFalse();
    }

    @Test
    void turnsACorruptMessageIntoOneQuarantineRowAndNoEvents() throws Exception {
        byte[] valid = EventBatchCodec.encode(events.take(5));
        byte[] corrupt = Arrays.copyOf(valid, valid.length / 2); // truncated in transit
        Row message = KafkaRows.message("batch-2", corrupt, "5", 0, 7L);

        assertThat(new EventRowsFunction().call(message).hasNext()).isFalse();
        List<Row> quarantined = collect(new QuarantineRowsFunction().call(message));

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
    void quarantinesABatchWhoseEventCountHeaderDoesNotMatchItsFile() throws Exception {
        Row message = KafkaRows.message("batch-3", EventBatchCodec.encode(events.take(3)), "4", 1, 9L);

        assertThat(new EventRowsFunction().call(message).hasNext()).isFalse();
        assertThat(collect(new QuarantineRowsFunction().call(message)).get(0).getString(1))
                .isEqualTo("header event_count says 4 events but the file holds 3");
    }

    @Test
    void quarantinesAnEmptyMessage() throws Exception {
        Row message = KafkaRows.message("batch-4", new byte[0], "0", 1, 10L);

        assertThat(collect(new QuarantineRowsFunction().call(message)).get(0).getString(1))
                .isEqualTo("empty message value");
    }

    private static List<Row> collect(java.util.Iterator<Row> rows) {
        List<Row> list = new ArrayList<>();
        rows.forEachRemaining(list::add);
        return list;
    }
}

package dev.descheduler.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descheduler.events.avro.Actor;
import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.events.avro.Repo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class EventBatchCodecTest {

    static GitHubEvent event(int n) {
        return GitHubEvent.newBuilder()
                .setIngestId("ingest-" + n)
                .setReceivedAt(Instant.parse("2026-11-24T10:00:00Z").plusMillis(n))
                .setId(String.valueOf(1000 + n))
                .setType("WatchEvent")
                .setActor(Actor.newBuilder().setId(n).setLogin("user" + n).build())
                .setRepo(Repo.newBuilder().setId(7).setName("acme/repo").build())
                .setPayload("{\"action\":\"started\"}")
                .setPublic$(true)
                .setCreatedAt("2015-01-01T00:00:00Z")
                .setOrg(null)
                .setExtraFields(Map.of())
                .build();
    }

    @Test
    void decodesWhatItEncodes() throws IOException {
        List<GitHubEvent> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            batch.add(event(i));
        }

        assertThat(EventBatchCodec.decode(EventBatchCodec.encode(batch))).isEqualTo(batch);
    }

    @Test
    void refusesAnEmptyBatch() {
        assertThatThrownBy(() -> EventBatchCodec.encode(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a batch holds at least one event");
    }

    @Test
    void writesTheSchemaAndZstdCodecIntoTheFile() throws IOException {
        byte[] file = EventBatchCodec.encode(List.of(event(1)));

        try (DataFileStream<GenericRecord> reader =
                new DataFileStream<>(new ByteArrayInputStream(file), new GenericDatumReader<>())) {
            assertThat(reader.getMetaString("avro.codec")).isEqualTo("zstandard");
            assertThat(reader.getSchema()).isEqualTo(GitHubEvent.getClassSchema());
        }
    }

    @Test
    void fingerprintIsTheSixteenHexDigitParsingFingerprintOfTheSchema() {
        assertThat(EventBatchCodec.schemaFingerprint()).matches("[0-9a-f]{16}");
        assertThat(EventBatchCodec.schemaFingerprint())
                .isEqualTo(String.format(
                        "%016x",
                        org.apache.avro.SchemaNormalization.parsingFingerprint64(GitHubEvent.getClassSchema())));
    }

    @Test
    void currentReaderReadsFilesOfANewerSchemaWithAnExtraOptionalField() throws IOException {
        Schema v2 = schema("GitHubEvent-v2.avsc");
        GenericRecord newer = new GenericData.Record(v2);
        GitHubEvent base = event(1);
        for (Schema.Field field : GitHubEvent.getClassSchema().getFields()) {
            newer.put(field.name(), GenericData.get().deepCopy(field.schema(), base.get(field.pos())));
        }
        newer.put("received_at", base.getReceivedAt().toEpochMilli());
        newer.put("delivery_id", "webhook-42");

        List<GitHubEvent> read = EventBatchCodec.decode(write(v2, newer));

        assertThat(read).containsExactly(base);
    }

    @Test
    void newerReaderReadsFilesOfTheCurrentSchemaWithTheNewFieldsDefault() throws IOException {
        Schema v2 = schema("GitHubEvent-v2.avsc");
        byte[] current = EventBatchCodec.encode(List.of(event(1)));

        try (DataFileStream<GenericRecord> reader = new DataFileStream<>(
                new ByteArrayInputStream(current), new GenericDatumReader<>(GitHubEvent.getClassSchema(), v2))) {
            GenericRecord record = reader.next();
            assertThat(record.get("delivery_id")).isNull();
            assertThat(record.get("id").toString()).isEqualTo("1001");
        }
    }

    @Test
    void readsFilesOfTheSchemaThatStillRequiredARepo() throws IOException {
        // GitHubEvent-v1.avsc: the envelope before repo became optional; batches of it may still sit in Kafka or in
        // the landing zone when the new collector and jobs start
        Schema v1 = schema("GitHubEvent-v1.avsc");
        assertThat(v1.getField("repo").schema().getType()).isEqualTo(Schema.Type.RECORD);
        GenericRecord older = new GenericData.Record(v1);
        GitHubEvent base = event(1);
        for (Schema.Field field : v1.getFields()) {
            Schema.Field current = GitHubEvent.getClassSchema().getField(field.name());
            Object value = base.get(current.pos());
            older.put(
                    field.name(),
                    field.name().equals("repo")
                            ? GenericData.get().deepCopy(field.schema(), value)
                            : GenericData.get().deepCopy(current.schema(), value));
        }
        older.put("received_at", base.getReceivedAt().toEpochMilli());

        List<GitHubEvent> read = EventBatchCodec.decode(write(v1, older));

        assertThat(read).containsExactly(base);
        assertThat(read.get(0).getRepo().getName()).isEqualTo("acme/repo");
    }

    @Test
    void carriesAnEventWithoutARepoAsNull() throws IOException {
        GitHubEvent follow = GitHubEvent.newBuilder(event(2))
                .setType("FollowEvent")
                .setRepo(null)
                .build();

        List<GitHubEvent> read = EventBatchCodec.decode(EventBatchCodec.encode(List.of(event(1), follow)));

        assertThat(read).containsExactly(event(1), follow);
        assertThat(read.get(1).getRepo()).isNull();
    }

    private static Schema schema(String resource) throws IOException {
        try (InputStream in = EventBatchCodecTest.class.getResourceAsStream("/" + resource)) {
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] write(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            writer.create(schema, out);
            writer.append(record);
        }
        return out.toByteArray();
    }
}

package dev.descheduler.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.events.avro.Org;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class GitHubEventWriterTest {

    private final EventJsonDecoder decoder = new EventJsonDecoder(JsonLimits.defaults());

    @Test
    void writesTheGenericWritersBytesForEveryRealEventOfAnHour() throws Exception {
        int events = 0;
        for (String line : GhArchiveSample.hour(15)) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            GitHubEvent event = decoder.decode(bytes, 0, bytes.length, "ingest-" + events++, Instant.now());
            assertThat(binary(new GitHubEventWriter(), event))
                    .as("event %s", event.getId())
                    .isEqualTo(binary(new SpecificDatumWriter<>(GitHubEvent.class), event));
        }
        assertThat(events).isEqualTo(11_351);
    }

    @Test
    void writesTheGenericWritersBytesForEveryOptionalFieldSetOrNull() throws IOException {
        Map<String, String> extra = new TreeMap<>(Map.of("forkee", "{\"id\":1}", "ünïcode", "\"ü\""));
        GitHubEvent everything = GitHubEvent.newBuilder(EventBatchCodecTest.event(1))
                .setIdIsNumber(true)
                .setOrg(Org.newBuilder()
                        .setId(9)
                        .setLogin("acme")
                        .setUrl("https://x")
                        .setExtraFields(extra)
                        .build())
                .setExtraFields(extra)
                .build();
        GitHubEvent nothing = GitHubEvent.newBuilder(EventBatchCodecTest.event(2))
                .setRepo(null)
                .setOrg(null)
                .setPayload(null)
                .setPublic$(null)
                .build();
        GitHubEvent privateOne =
                GitHubEvent.newBuilder(nothing).setPublic$(false).build();

        for (GitHubEvent event : new GitHubEvent[] {everything, nothing, privateOne}) {
            assertThat(binary(new GitHubEventWriter(), event))
                    .isEqualTo(binary(new SpecificDatumWriter<>(GitHubEvent.class), event));
        }
    }

    @Test
    void refusesAnotherSchema() {
        Schema other =
                Schema.createRecord("GitHubEvent", null, "dev.descheduler.events.avro", false, java.util.List.of());

        assertThatThrownBy(() -> new GitHubEventWriter().setSchema(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writes only dev.descheduler.events.avro.GitHubEvent");
    }

    private static byte[] binary(DatumWriter<GitHubEvent> writer, GitHubEvent event) throws IOException {
        writer.setSchema(GitHubEvent.getClassSchema());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}

package dev.descheduler.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descheduler.events.avro.GitHubEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every event of the GH Archive sample survives decode → Avro batch → rebuild unchanged. */
class RealEventsRoundTripTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 1000;

    private final EventJsonDecoder decoder = new EventJsonDecoder(JsonLimits.defaults());

    @Test
    void rebuildsEveryRealEventExactlyAfterABatchRoundTrip() throws Exception {
        long events = 0;
        long rawBytes = 0;
        long encodedBytes = 0;
        for (Path file : GhArchiveSample.files()) {
            List<String> originals = new ArrayList<>(BATCH);
            List<GitHubEvent> batch = new ArrayList<>(BATCH);
            try (Stream<String> lines = GhArchiveSample.lines(file)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                    rawBytes += bytes.length;
                    originals.add(line);
                    batch.add(decoder.decode(bytes, 0, bytes.length, "ingest-" + events++, Instant.EPOCH));
                    if (batch.size() == BATCH) {
                        encodedBytes += assertBatchRoundTrip(originals, batch);
                    }
                }
            }
            if (!batch.isEmpty()) {
                encodedBytes += assertBatchRoundTrip(originals, batch);
            }
        }

        assertThat(events).as("events in the sample").isEqualTo(52_480);
        assertThat((double) encodedBytes / rawBytes)
                .as("Avro+zstd bytes per raw JSON byte (issue target: at most 30%)")
                .isLessThanOrEqualTo(0.30);
    }

    private static long assertBatchRoundTrip(List<String> originals, List<GitHubEvent> batch) throws Exception {
        byte[] file = EventBatchCodec.encode(batch);
        List<GitHubEvent> decoded = EventBatchCodec.decode(file);
        assertThat(decoded).isEqualTo(batch);
        for (int i = 0; i < decoded.size(); i++) {
            JsonNode original = JSON.readTree(originals.get(i));
            JsonNode rebuilt = JSON.readTree(EventJsonEncoder.toJson(decoded.get(i)));
            assertThat(rebuilt).as("event %s", original.get("id")).isEqualTo(original);
        }
        originals.clear();
        batch.clear();
        return file.length;
    }

    @Test
    void decodesEveryRealEventWithItsRequiredFields() {
        AtomicLong withOrg = new AtomicLong();
        AtomicLong total = new AtomicLong();
        for (Path file : GhArchiveSample.files()) {
            try (Stream<String> lines = GhArchiveSample.lines(file)) {
                lines.forEach(line -> {
                    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                    try {
                        GitHubEvent event = decoder.decode(bytes, 0, bytes.length, "x", Instant.EPOCH);
                        assertThat(event.getActor().getLogin()).isNotEmpty();
                        assertThat(event.getExtraFields())
                                .as("2015 events have no unknown top-level field")
                                .isEmpty();
                        if (event.getOrg() != null) {
                            withOrg.incrementAndGet();
                        }
                        total.incrementAndGet();
                    } catch (InvalidEventException e) {
                        throw new AssertionError("real event refused: " + e.getMessage() + ": " + line, e);
                    }
                });
            }
        }
        assertThat(total).hasValue(52_480);
        assertThat(withOrg)
                .as("events with an org object (shared/data/README.md)")
                .hasValue(13_994);
    }
}

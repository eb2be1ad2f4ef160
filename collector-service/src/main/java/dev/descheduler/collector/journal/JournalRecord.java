package dev.descheduler.collector.journal;

import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.InvalidEventException;
import dev.descheduler.events.avro.GitHubEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32C;

/**
 * One journal record: {@code length, CRC-32C, body}, the body starting with its kind. Events that arrived as JSON are
 * journaled as the validated JSON slice itself plus the ingest id and receive time the collector gave them: copying the
 * bytes costs far less than encoding the event, and decoding the slice again at recovery yields the same event. Events
 * built by the collector (no JSON of their own) are journaled as Avro single-object bytes.
 */
public final class JournalRecord {

    static final int HEADER_BYTES = 8;
    private static final byte JSON = 1;
    private static final byte AVRO = 2;

    private JournalRecord() {}

    /** A framed record of a validated JSON event; {@code ingestId} is ASCII (a UUID). */
    public static ByteBuffer json(String ingestId, Instant receivedAt, byte[] source, int offset, int length) {
        byte[] id = ingestId.getBytes(StandardCharsets.US_ASCII);
        int body = 1 + 8 + 1 + id.length + length;
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + body);
        record.position(HEADER_BYTES);
        record.put(JSON)
                .putLong(receivedAt.toEpochMilli())
                .put((byte) id.length)
                .put(id)
                .put(source, offset, length);
        return seal(record, body);
    }

    /** A framed record of an event without JSON of its own. */
    public static ByteBuffer avro(GitHubEvent event) {
        try {
            ByteBuffer avro = event.toByteBuffer();
            int body = 1 + avro.remaining();
            ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + body);
            record.position(HEADER_BYTES);
            record.put(AVRO).put(avro);
            return seal(record, body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise event " + event.getIngestId(), e);
        }
    }

    private static ByteBuffer seal(ByteBuffer record, int body) {
        CRC32C crc = new CRC32C();
        crc.update(record.array(), HEADER_BYTES, body);
        record.putInt(0, body).putInt(4, (int) crc.getValue());
        return record.position(0);
    }

    /** The event a record body (as returned by {@link JournalFiles#readRecords}) holds. */
    static GitHubEvent decode(ByteBuffer body, EventJsonDecoder decoder) {
        byte kind = body.get(body.position());
        if (kind == AVRO) {
            try {
                return GitHubEvent.fromByteBuffer(body.slice(body.position() + 1, body.remaining() - 1));
            } catch (IOException e) {
                throw new UncheckedIOException("journal record is not a readable Avro event", e);
            }
        }
        if (kind != JSON) {
            throw new IllegalStateException("journal record of unknown kind " + kind);
        }
        int at = body.position() + 1;
        Instant receivedAt = Instant.ofEpochMilli(body.getLong(at));
        int idLength = body.get(at + 8);
        byte[] id = new byte[idLength];
        body.get(at + 9, id);
        String ingestId = new String(id, StandardCharsets.US_ASCII);
        int json = at + 9 + idLength;
        try {
            return decoder.decode(body.array(), body.arrayOffset() + json, body.limit() - json, ingestId, receivedAt);
        } catch (InvalidEventException e) {
            // it was valid when acknowledged, so only a change of the ingest limits since then refuses it now
            throw new IllegalStateException(
                    "journaled event " + ingestId + " no longer passes validation (" + e.getMessage()
                            + "); restart with the ingest limits it was accepted under to recover it",
                    e);
        }
    }
}

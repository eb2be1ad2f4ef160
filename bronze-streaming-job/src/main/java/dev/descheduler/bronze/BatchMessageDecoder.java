package dev.descheduler.bronze;

import dev.descheduler.events.BatchHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.IndexedRecord;

/**
 * Decodes one Kafka message value (one Avro container file) into its events, or says why it cannot. Deterministic:
 * the same bytes and headers always give the same outcome, which is what lets the Bronze events stream and the
 * quarantine stream each take their share of a message independently, and exactly once.
 *
 * <p>Events are read with Avro schema resolution: the writer's schema travels in the file, the reader schema is the
 * envelope this job was built for (the compiled {@code GitHubEvent} schema in production). A file written with a newer
 * compatible envelope is read without its new fields; one written with an older envelope gets the defaults of the
 * fields it lacks. Only the reader schema decides the Bronze columns, so both streams of one job agree.
 */
final class BatchMessageDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    static final int MAX_ERROR_LENGTH = 2000;

    private final Schema envelope;

    BatchMessageDecoder(Schema envelope) {
        this.envelope = envelope;
    }

    /** The outcome for one message: its events, or the reason it goes to quarantine. */
    record Decoded(List<IndexedRecord> events, String error) {
        boolean isQuarantined() {
            return error != null;
        }
    }

    Decoded decode(byte[] value, String eventCountHeader) {
        List<IndexedRecord> events = new ArrayList<>();
        // the file's own schema is the writer schema; the envelope is what the events are resolved to
        String error = check(value, eventCountHeader, events::add, new GenericDatumReader<>(envelope), false);
        return error == null ? new Decoded(events, null) : failure(error);
    }

    /**
     * Why the message goes to quarantine, or null when {@link #decode} would give its events. The quarantine stream
     * needs only this: it reads the same bytes with the same schema resolution, the same decoder calls and the same
     * checks, so both streams always agree, but it reuses one record for every event and never turns a string into a
     * Java string ({@link ReusingDatumReader}), which is most of what decoding costs.
     */
    String quarantineReason(byte[] value, String eventCountHeader) {
        String error = check(value, eventCountHeader, event -> {}, new ReusingDatumReader<>(envelope), true);
        return error == null ? null : truncated(error);
    }

    private String check(
            byte[] value,
            String eventCountHeader,
            Consumer<IndexedRecord> sink,
            GenericDatumReader<IndexedRecord> reader,
            boolean reuse) {
        if (value == null || value.length == 0) {
            return "empty message value";
        }
        int count;
        try {
            count = read(value, sink, reader, reuse);
        } catch (Exception e) {
            // corrupt, truncated or not Avro at all: keep the bytes, record why, and let the stream go on
            return "not a readable Avro container file of GitHub events: " + describe(e);
        }
        if (count == 0) {
            return "the Avro container file holds no events";
        }
        if (eventCountHeader != null && !eventCountHeader.equals(Integer.toString(count))) {
            return "header " + BatchHeaders.EVENT_COUNT + " says " + eventCountHeader + " events but the file"
                    + " holds " + count;
        }
        return null;
    }

    private static int read(
            byte[] containerFile, Consumer<IndexedRecord> sink, GenericDatumReader<IndexedRecord> reader, boolean reuse)
            throws IOException {
        try (DataFileStream<IndexedRecord> events =
                new DataFileStream<>(new ByteArrayInputStream(containerFile), reader)) {
            int count = 0;
            IndexedRecord event = null;
            while (events.hasNext()) {
                event = reuse ? events.next(event) : events.next();
                sink.accept(event);
                count++;
            }
            return count;
        }
    }

    static String headerText(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static Decoded failure(String reason) {
        return new Decoded(List.of(), truncated(reason));
    }

    private static String truncated(String reason) {
        return reason.length() <= MAX_ERROR_LENGTH ? reason : reason.substring(0, MAX_ERROR_LENGTH);
    }

    private static String describe(Throwable e) {
        StringBuilder text =
                new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" <- ")
                    .append(cause.getClass().getSimpleName())
                    .append(": ")
                    .append(cause.getMessage());
        }
        return text.toString();
    }
}

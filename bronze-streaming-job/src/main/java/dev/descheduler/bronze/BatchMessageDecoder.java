package dev.descheduler.bronze;

import dev.descheduler.events.BatchHeaders;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
        if (value == null || value.length == 0) {
            return failure("empty message value");
        }
        List<IndexedRecord> events;
        try {
            events = read(value);
        } catch (Exception e) {
            // corrupt, truncated or not Avro at all: keep the bytes, record why, and let the stream go on
            return failure("not a readable Avro container file of GitHub events: " + describe(e));
        }
        if (events.isEmpty()) {
            return failure("the Avro container file holds no events");
        }
        if (eventCountHeader != null && !eventCountHeader.equals(Integer.toString(events.size()))) {
            return failure("header " + BatchHeaders.EVENT_COUNT + " says " + eventCountHeader + " events but the file"
                    + " holds " + events.size());
        }
        return new Decoded(events, null);
    }

    Schema envelope() {
        return envelope;
    }

    private List<IndexedRecord> read(byte[] containerFile) throws IOException {
        // the file's own schema is the writer schema; the envelope is what the events are resolved to
        GenericDatumReader<IndexedRecord> reader = new GenericDatumReader<>(envelope);
        try (DataFileStream<IndexedRecord> events =
                new DataFileStream<>(new ByteArrayInputStream(containerFile), reader)) {
            List<IndexedRecord> read = new ArrayList<>();
            while (events.hasNext()) {
                read.add(events.next());
            }
            return read;
        }
    }

    static String headerText(byte[] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static Decoded failure(String reason) {
        String error = reason.length() <= MAX_ERROR_LENGTH ? reason : reason.substring(0, MAX_ERROR_LENGTH);
        return new Decoded(List.of(), error);
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

package dev.descheduler.bronze;

import dev.descheduler.events.BatchHeaders;
import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.avro.GitHubEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Decodes one Kafka message value (one Avro container file) into its events, or says why it cannot. Deterministic:
 * the same bytes and headers always give the same outcome, which is what lets the Bronze events stream and the
 * quarantine stream each take their share of a message independently, and exactly once.
 */
final class BatchMessageDecoder {

    static final int MAX_ERROR_LENGTH = 2000;

    private BatchMessageDecoder() {}

    /** The outcome for one message: its events, or the reason it goes to quarantine. */
    record Decoded(List<GitHubEvent> events, String error) {
        boolean isQuarantined() {
            return error != null;
        }
    }

    static Decoded decode(byte[] value, String eventCountHeader) {
        if (value == null || value.length == 0) {
            return failure("empty message value");
        }
        List<GitHubEvent> events;
        try {
            events = EventBatchCodec.decode(value);
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

package dev.descheduler.collector.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Per-event outcome of a batch request: {@code {"accepted":[{index,event_id}],"rejected":[{index,error,reason}]}}. */
final class BatchResult {

    private static final JsonFactory JSON = new JsonFactory();

    private record Accepted(int index, String eventId) {}

    private record Rejected(int index, String error, String reason) {}

    private final List<Accepted> accepted;
    private final List<Rejected> rejected = new ArrayList<>();

    BatchResult(int size) {
        this.accepted = new ArrayList<>(size);
    }

    void accept(int index, String eventId) {
        accepted.add(new Accepted(index, eventId));
    }

    void reject(int index, String error, String reason) {
        rejected.add(new Rejected(index, error, reason));
    }

    byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + accepted.size() * 64);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("accepted");
            for (Accepted a : accepted) {
                json.writeStartObject();
                json.writeNumberField("index", a.index());
                json.writeStringField("event_id", a.eventId());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("rejected");
            for (Rejected r : rejected) {
                json.writeStartObject();
                json.writeNumberField("index", r.index());
                json.writeStringField("error", r.error());
                json.writeStringField("reason", r.reason());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

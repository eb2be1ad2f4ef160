package dev.descheduler.silver.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descheduler.events.GhArchiveSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The real GH Archive events in {@code ../shared/data}, read in place, and turned into the rows Bronze would hold
 * for them (as the collector maps GitHub's top-level fields).
 */
final class GhArchiveEvents {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final Instant RECEIVED_AT = Instant.parse("2026-01-02T03:04:05Z");

    private GhArchiveEvents() {}

    /** The sample's files (event-schema's shared reader); skips the test when the folder is not there. */
    static List<Path> files() {
        return GhArchiveSample.files();
    }

    static Stream<String> lines(Path file) {
        return GhArchiveSample.lines(file);
    }

    static JsonNode tree(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BronzeEventRow toRow(JsonNode event) {
        JsonNode actor = event.get("actor");
        JsonNode repo = event.get("repo");
        JsonNode org = event.get("org");
        JsonNode payload = event.get("payload");
        String id = event.get("id").asText();
        return new BronzeEventRow(
                UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString(),
                RECEIVED_AT,
                id,
                event.get("type").asText(),
                new BronzeEventRow.Actor(
                        actor.get("id").asLong(), actor.get("login").asText(), text(actor, "display_login")),
                repo == null || repo.isNull()
                        ? null
                        : new BronzeEventRow.Repo(
                                repo.get("id").asLong(), repo.get("name").asText()),
                org == null || org.isNull()
                        ? null
                        : new BronzeEventRow.Org(
                                org.get("id").asLong(), org.get("login").asText()),
                payload == null ? null : payload.toString(),
                event.get("created_at").asText());
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}

package dev.descheduler.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.descheduler.events.avro.Actor;
import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.events.avro.Org;
import dev.descheduler.events.avro.Repo;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** Rebuilds the GitHub event exactly as it arrived (as a JSON value) from its envelope, without the collector's fields. */
public final class EventJsonEncoder {

    private static final JsonFactory FACTORY = new JsonFactory();

    private EventJsonEncoder() {}

    public static String toJson(GitHubEvent event) {
        StringWriter out = new StringWriter(
                event.getPayload() == null ? 512 : event.getPayload().length() + 512);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            if (event.getIdIsNumber()) {
                json.writeFieldName("id");
                json.writeRawValue(event.getId());
            } else {
                json.writeStringField("id", event.getId());
            }
            json.writeStringField("type", event.getType());
            writeActor(json, event.getActor());
            if (event.getRepo() != null) {
                writeRepo(json, event.getRepo());
            }
            writeRaw(json, "payload", event.getPayload());
            if (event.getPublic$() != null) {
                json.writeBooleanField("public", event.getPublic$());
            }
            json.writeStringField("created_at", event.getCreatedAt());
            if (event.getOrg() != null) {
                writeOrg(json, event.getOrg());
            }
            writeExtra(json, event.getExtraFields());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rebuild event " + event.getId(), e);
        }
        return out.toString();
    }

    private static void writeActor(JsonGenerator json, Actor actor) throws IOException {
        json.writeObjectFieldStart("actor");
        json.writeNumberField("id", actor.getId());
        json.writeStringField("login", actor.getLogin());
        writeString(json, "display_login", actor.getDisplayLogin());
        writeString(json, "gravatar_id", actor.getGravatarId());
        writeString(json, "url", actor.getUrl());
        writeString(json, "avatar_url", actor.getAvatarUrl());
        writeExtra(json, actor.getExtraFields());
        json.writeEndObject();
    }

    private static void writeRepo(JsonGenerator json, Repo repo) throws IOException {
        json.writeObjectFieldStart("repo");
        json.writeNumberField("id", repo.getId());
        json.writeStringField("name", repo.getName());
        writeString(json, "url", repo.getUrl());
        writeExtra(json, repo.getExtraFields());
        json.writeEndObject();
    }

    private static void writeOrg(JsonGenerator json, Org org) throws IOException {
        json.writeObjectFieldStart("org");
        json.writeNumberField("id", org.getId());
        json.writeStringField("login", org.getLogin());
        writeString(json, "gravatar_id", org.getGravatarId());
        writeString(json, "url", org.getUrl());
        writeString(json, "avatar_url", org.getAvatarUrl());
        writeExtra(json, org.getExtraFields());
        json.writeEndObject();
    }

    private static void writeString(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    private static void writeRaw(JsonGenerator json, String name, String rawJson) throws IOException {
        if (rawJson != null) {
            json.writeFieldName(name);
            json.writeRawValue(rawJson);
        }
    }

    private static void writeExtra(JsonGenerator json, Map<String, String> extra) throws IOException {
        for (Map.Entry<String, String> field : extra.entrySet()) {
            writeRaw(json, field.getKey(), field.getValue());
        }
    }
}

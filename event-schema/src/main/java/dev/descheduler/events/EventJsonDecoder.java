package dev.descheduler.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.descheduler.events.avro.Actor;
import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.events.avro.Org;
import dev.descheduler.events.avro.Repo;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Validates one GitHub event's JSON and turns it into the Avro envelope in a single streaming pass.
 *
 * <p>Only what Silver needs is required ({@code id, type, actor.id, actor.login, created_at}); {@code repo} is
 * optional because real events have none (GitHub's 2011-2014 {@code GistEvent}, {@code FollowEvent},
 * {@code TeamAddEvent}, {@code DownloadEvent}, ..., and organisation-level webhooks), but when it is there it must
 * have an integer id and a string name. Everything else is tolerated and kept as its original JSON text, because
 * GitHub's payload shapes changed over the years and Bronze must stay lossless. Thread-safe.
 */
public final class EventJsonDecoder {

    private final JsonFactory factory;
    private final int maxEventBytes;

    public EventJsonDecoder(JsonLimits limits) {
        this.maxEventBytes = limits.maxEventBytes();
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxStringLength())
                        .build())
                .build();
    }

    public GitHubEvent decode(byte[] json, int offset, int length, String ingestId, Instant receivedAt)
            throws InvalidEventException {
        if (length > maxEventBytes) {
            throw new InvalidEventException(
                    RejectReason.EVENT_TOO_LARGE,
                    "event is " + length + " bytes, over the limit of " + maxEventBytes + " bytes");
        }
        try (JsonParser parser = factory.createParser(json, offset, length)) {
            JsonFieldReader reader = new JsonFieldReader(parser, json, offset);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new InvalidEventException(RejectReason.INVALID_JSON, "event is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidEventException(
                        RejectReason.NOT_AN_OBJECT,
                        "event must be a JSON object, got " + JsonFieldReader.describe(first));
            }
            GitHubEvent.Builder event = GitHubEvent.newBuilder()
                    .setIngestId(ingestId)
                    .setReceivedAt(receivedAt)
                    .setPayload(null)
                    .setPublic$(null)
                    .setRepo(null)
                    .setOrg(null);
            Map<String, String> extra = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.getCurrentName();
                JsonToken value = parser.nextToken();
                readTopLevelField(reader, event, extra, name, value);
            }
            if (parser.nextToken() != null) {
                throw new InvalidEventException(
                        RejectReason.INVALID_JSON, "unexpected content after the event's closing brace");
            }
            requirePresent(event.hasId(), "id");
            requirePresent(event.hasType(), "type");
            requirePresent(event.hasActor(), "actor");
            requirePresent(event.hasCreatedAt(), "created_at");
            return event.setExtraFields(extra).build();
        } catch (StreamConstraintsException e) {
            throw StreamLimit.of(e).rejection(e);
        } catch (JsonParseException e) {
            throw new InvalidEventException(
                    RejectReason.INVALID_JSON,
                    "invalid JSON at byte " + (e.getLocation().getByteOffset() - offset) + ": "
                            + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "invalid JSON: " + e.getMessage());
        }
    }

    private static void readTopLevelField(
            JsonFieldReader reader, GitHubEvent.Builder event, Map<String, String> extra, String name, JsonToken value)
            throws IOException, InvalidEventException {
        switch (name) {
            case "id" -> {
                if (value == JsonToken.VALUE_NUMBER_INT) {
                    event.setId(reader.integerText("id")).setIdIsNumber(true);
                } else {
                    event.setId(reader.nonEmptyString("id", value)).setIdIsNumber(false);
                }
            }
            case "type" -> event.setType(reader.nonEmptyString("type", value));
            case "actor" -> event.setActor(readActor(reader, value));
            case "repo" -> {
                // an explicit null is kept verbatim, like any optional field, so the event rebuilds exactly
                if (value == JsonToken.VALUE_NULL) {
                    extra.put(name, "null");
                } else {
                    event.setRepo(readRepo(reader, value));
                }
            }
            case "org" -> {
                if (value == JsonToken.START_OBJECT) {
                    readOrg(reader, event, extra);
                } else {
                    extra.put(name, reader.rawText(value));
                }
            }
            case "payload" -> event.setPayload(reader.rawText(value));
            case "public" -> {
                if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                    event.setPublic$(value == JsonToken.VALUE_TRUE);
                } else {
                    extra.put(name, reader.rawText(value));
                }
            }
            case "created_at" -> event.setCreatedAt(reader.isoTimestamp("created_at", value));
            default -> extra.put(name, reader.rawText(value));
        }
    }

    private static Actor readActor(JsonFieldReader reader, JsonToken value) throws IOException, InvalidEventException {
        reader.requireObject("actor", value);
        Actor.Builder actor = Actor.newBuilder()
                .setDisplayLogin(null)
                .setGravatarId(null)
                .setUrl(null)
                .setAvatarUrl(null);
        Map<String, String> extra = new HashMap<>();
        boolean hasId = false;
        boolean hasLogin = false;
        while (reader.nextField()) {
            String name = reader.fieldName();
            JsonToken token = reader.nextValue();
            switch (name) {
                case "id" -> {
                    actor.setId(reader.longValue("actor.id", token));
                    hasId = true;
                }
                case "login" -> {
                    actor.setLogin(reader.nonEmptyString("actor.login", token));
                    hasLogin = true;
                }
                case "display_login" -> actor.setDisplayLogin(reader.optionalString(token, name, extra));
                case "gravatar_id" -> actor.setGravatarId(reader.optionalString(token, name, extra));
                case "url" -> actor.setUrl(reader.optionalString(token, name, extra));
                case "avatar_url" -> actor.setAvatarUrl(reader.optionalString(token, name, extra));
                default -> extra.put(name, reader.rawText(token));
            }
        }
        requirePresent(hasId, "actor.id");
        requirePresent(hasLogin, "actor.login");
        return actor.setExtraFields(extra).build();
    }

    private static Repo readRepo(JsonFieldReader reader, JsonToken value) throws IOException, InvalidEventException {
        reader.requireObject("repo", value);
        Repo.Builder repo = Repo.newBuilder().setUrl(null);
        Map<String, String> extra = new HashMap<>();
        boolean hasId = false;
        boolean hasName = false;
        while (reader.nextField()) {
            String name = reader.fieldName();
            JsonToken token = reader.nextValue();
            switch (name) {
                case "id" -> {
                    repo.setId(reader.longValue("repo.id", token));
                    hasId = true;
                }
                case "name" -> {
                    repo.setName(reader.nonEmptyString("repo.name", token));
                    hasName = true;
                }
                case "url" -> repo.setUrl(reader.optionalString(token, name, extra));
                default -> extra.put(name, reader.rawText(token));
            }
        }
        requirePresent(hasId, "repo.id");
        requirePresent(hasName, "repo.name");
        return repo.setExtraFields(extra).build();
    }

    /**
     * The organisation is optional: one without an integer id and a string login is not rejected but kept verbatim
     * among the extra fields.
     */
    private static void readOrg(JsonFieldReader reader, GitHubEvent.Builder event, Map<String, String> topLevelExtra)
            throws IOException, InvalidEventException {
        int start = reader.tokenStart();
        Org.Builder org = Org.newBuilder().setGravatarId(null).setUrl(null).setAvatarUrl(null);
        Map<String, String> extra = new HashMap<>();
        boolean hasId = false;
        boolean hasLogin = false;
        boolean wellFormed = true;
        while (reader.nextField()) {
            String name = reader.fieldName();
            JsonToken token = reader.nextValue();
            switch (name) {
                case "id" -> {
                    if (token == JsonToken.VALUE_NUMBER_INT && reader.fitsInLong()) {
                        org.setId(reader.currentLong());
                        hasId = true;
                    } else {
                        wellFormed = false;
                        reader.skipValue();
                    }
                }
                case "login" -> {
                    if (token == JsonToken.VALUE_STRING) {
                        org.setLogin(reader.currentText());
                        hasLogin = true;
                    } else {
                        wellFormed = false;
                        reader.skipValue();
                    }
                }
                case "gravatar_id" -> org.setGravatarId(reader.optionalString(token, name, extra));
                case "url" -> org.setUrl(reader.optionalString(token, name, extra));
                case "avatar_url" -> org.setAvatarUrl(reader.optionalString(token, name, extra));
                default -> extra.put(name, reader.rawText(token));
            }
        }
        if (wellFormed && hasId && hasLogin) {
            event.setOrg(org.setExtraFields(extra).build());
        } else {
            topLevelExtra.put("org", reader.rawSince(start));
        }
    }

    private static void requirePresent(boolean present, String field) throws InvalidEventException {
        if (!present) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing required field " + field);
        }
    }
}

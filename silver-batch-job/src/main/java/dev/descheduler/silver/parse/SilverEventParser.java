package dev.descheduler.silver.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.descheduler.events.IsoTimestamp;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Turns one Bronze row into a Silver row or a rejection. Pure and thread-safe: no Spark, no I/O, one instance per
 * executor is enough, and serializable so a Spark closure may capture it.
 *
 * <p>A row is rejected only when it cannot be keyed or placed (no id, no type, a created_at that is not ISO-8601) or
 * when its payload is not a JSON object of the types Silver reads. Fields missing from a payload never reject it:
 * GitHub has dropped payload fields before, and {@code payload_shape} records which shape arrived.
 */
public final class SilverEventParser implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final int MAX_REASON_LENGTH = 300;

    // no payload text in error locations: reasons are stored in a table and must not copy event contents
    private final JsonFactory json = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    public ParseResult parse(BronzeEventRow row) {
        if (isBlank(row.id())) {
            return reject(row, "id is missing");
        }
        if (isBlank(row.type())) {
            return reject(row, "type is missing");
        }
        if (row.createdAt() == null) {
            return reject(row, "created_at is missing");
        }
        Instant createdAt = IsoTimestamp.parseOrNull(row.createdAt());
        if (createdAt == null) {
            return reject(row, "created_at is not ISO-8601: " + PayloadDecoder.quote(row.createdAt()));
        }
        SilverEvent.Builder out = SilverEvent.builder()
                .set(SilverColumn.EVENT_ID, row.id())
                .set(SilverColumn.EVENT_TYPE, row.type())
                .set(SilverColumn.CREATED_AT, createdAt)
                .set(SilverColumn.CREATED_DATE, LocalDate.ofInstant(createdAt, ZoneOffset.UTC))
                .set(SilverColumn.INGEST_ID, row.ingestId())
                .set(SilverColumn.RECEIVED_AT, row.receivedAt());
        setActor(row.actor(), out);
        setRepo(row.repo(), out);
        if (row.org() != null) {
            out.set(SilverColumn.ORG_ID, row.org().id())
                    .set(SilverColumn.ORG_LOGIN, row.org().login());
        }
        try {
            setPayload(row, out);
        } catch (InvalidPayloadException e) {
            return reject(row, e.getMessage());
        } catch (JsonProcessingException e) {
            return reject(row, "payload is not valid JSON: " + describe(e));
        }
        return out.build();
    }

    private void setPayload(BronzeEventRow row, SilverEvent.Builder out)
            throws InvalidPayloadException, JsonProcessingException {
        if (row.payload() == null) {
            out.set(SilverColumn.PAYLOAD_SHAPE, PayloadShape.NO_PAYLOAD.value());
            return;
        }
        try (JsonParser parser = json.createParser(row.payload())) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.VALUE_NULL) {
                out.set(SilverColumn.PAYLOAD_SHAPE, PayloadShape.NO_PAYLOAD.value());
            } else if (first == null) {
                throw new InvalidPayloadException("payload is not valid JSON: it is empty");
            } else {
                PayloadLayout layout = PayloadLayouts.forType(row.type());
                boolean[] present = PayloadDecoder.decode(parser, row.type(), layout, out);
                layout.finish(present, out);
            }
            if (parser.nextToken() != null) {
                throw new InvalidPayloadException("payload is not valid JSON: more content after its value");
            }
        } catch (JsonProcessingException | InvalidPayloadException e) {
            throw e;
        } catch (IOException e) {
            // reading a String does no I/O: anything else Jackson throws here is a bug, not a bad row
            throw new UncheckedIOException(e);
        }
    }

    private static void setActor(BronzeEventRow.Actor actor, SilverEvent.Builder out) {
        if (actor == null) {
            return;
        }
        out.set(SilverColumn.ACTOR_ID, actor.id())
                .set(SilverColumn.ACTOR_LOGIN, actor.login())
                .set(SilverColumn.ACTOR_DISPLAY_LOGIN, actor.displayLogin());
        if (actor.login() != null) {
            out.set(SilverColumn.ACTOR_IS_BOT, BotAccounts.isBot(actor.login()));
        }
    }

    private static void setRepo(BronzeEventRow.Repo repo, SilverEvent.Builder out) {
        if (repo == null) {
            return;
        }
        out.set(SilverColumn.REPO_ID, repo.id()).set(SilverColumn.REPO_NAME, repo.name());
        int slash = repo.name() == null ? -1 : repo.name().indexOf('/');
        if (slash > 0) {
            out.set(SilverColumn.REPO_OWNER, repo.name().substring(0, slash));
        }
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e.getLocation() != null) {
            message += " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
        }
        return message.length() > MAX_REASON_LENGTH ? message.substring(0, MAX_REASON_LENGTH) + "…" : message;
    }

    private static Rejection reject(BronzeEventRow row, String reason) {
        return new Rejection(row.ingestId(), isBlank(row.id()) ? null : row.id(), row.type(), reason);
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}

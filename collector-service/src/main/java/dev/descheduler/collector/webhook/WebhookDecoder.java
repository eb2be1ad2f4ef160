package dev.descheduler.collector.webhook;

import dev.descheduler.collector.ingest.IngestRejection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One webhook delivery in the Events API's event shape, as JSON, so it then passes the same validation as a
 * {@code POST /collect} and lands in the same envelope:
 *
 * <ul>
 *   <li>{@code id}: the {@code X-GitHub-Delivery} GUID (a redelivery repeats it, so Silver keeps one row);
 *   <li>{@code type}: from {@code X-GitHub-Event} ({@link WebhookEventTypes});
 *   <li>{@code actor}: {@code sender}, whole, plus the Events API's {@code display_login};
 *   <li>{@code repo}: {@code repository}, whole, with {@code name} set to {@code full_name} as the Events API has it;
 *       absent for organisation-level events;
 *   <li>{@code org}: {@code organization}, whole; {@code public}: not {@code repository.private};
 *   <li>{@code created_at}: the time GitHub gives for the action (see {@link #CREATED_AT}) else the receive time;
 *   <li>{@code payload}: the body without {@code sender}, {@code repository} and {@code organization}. For every
 *       mapped type but push that is the Events API payload plus a few webhook-only fields; a push also gets the
 *       Events API's {@code head}, {@code size}, {@code distinct_size} and each commit's {@code sha}.
 * </ul>
 *
 * Thread-safe.
 */
final class WebhookDecoder {

    /**
     * Where each event's body says when the action happened, tried in order; the first timestamp found wins. For
     * events not listed, {@code <event>.updated_at} then {@code <event>.created_at} (a {@code workflow_run} carries
     * its {@code workflow_run} object); without any, the receive time.
     */
    static final Map<String, List<String>> CREATED_AT = Map.ofEntries(
            Map.entry("push", List.of("/repository/pushed_at", "/head_commit/timestamp")),
            Map.entry("pull_request", List.of("/pull_request/updated_at")),
            Map.entry("issues", List.of("/issue/updated_at")),
            Map.entry("issue_comment", List.of("/comment/updated_at")),
            Map.entry("commit_comment", List.of("/comment/updated_at", "/comment/created_at")),
            Map.entry("pull_request_review", List.of("/review/submitted_at")),
            Map.entry("pull_request_review_comment", List.of("/comment/updated_at")),
            Map.entry("release", List.of("/release/published_at", "/release/created_at")),
            Map.entry("fork", List.of("/forkee/created_at")),
            // GitHub gives no time for these actions
            Map.entry("create", List.of()),
            Map.entry("delete", List.of()),
            Map.entry("watch", List.of()),
            Map.entry("member", List.of()),
            Map.entry("gollum", List.of()),
            Map.entry("public", List.of()));

    private static final List<String> ENVELOPE_PARTS = List.of("sender", "repository", "organization");

    private final JsonMapper json;

    WebhookDecoder(int maxNestingDepth, int maxStringLength) {
        this.json = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(maxNestingDepth)
                                .maxStringLength(maxStringLength)
                                .build())
                        .build())
                // decimals as written, not rounded through a double: the payload is stored as the text it maps to
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    /** The delivery as one Events API event (JSON bytes), or a 400 saying what is missing. */
    byte[] toEvent(String event, String deliveryId, byte[] body, Instant receivedAt) {
        ObjectNode webhook = parse(body);
        JsonNode sender = webhook.get("sender");
        if (sender == null || !sender.isObject()) {
            throw new IngestRejection(
                    HttpStatus.BAD_REQUEST,
                    "missing_field",
                    "webhook body has no sender object (GitHub sends one with every event; it becomes the actor)");
        }
        JsonNode repository = webhook.get("repository");
        JsonNode organization = webhook.get("organization");

        ObjectNode out = json.createObjectNode();
        out.put("id", deliveryId);
        out.put("type", WebhookEventTypes.typeOf(event));
        out.set("actor", actor((ObjectNode) sender));
        if (repository != null && repository.isObject()) {
            out.set("repo", repo((ObjectNode) repository));
        }
        out.set("payload", payload(event, webhook));
        if (repository != null && repository.path("private").isBoolean()) {
            out.put("public", !repository.get("private").booleanValue());
        }
        out.put("created_at", createdAt(event, webhook, receivedAt));
        if (organization != null && organization.isObject()) {
            out.set("org", organization);
        }
        return json.writeValueAsBytes(out);
    }

    private ObjectNode parse(byte[] body) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            throw new IngestRejection(
                    HttpStatus.BAD_REQUEST,
                    "invalid_json",
                    "webhook body is not valid JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new IngestRejection(HttpStatus.BAD_REQUEST, "not_an_object", "webhook body must be a JSON object");
        }
        return (ObjectNode) tree;
    }

    private static ObjectNode actor(ObjectNode sender) {
        ObjectNode actor = sender.deepCopy();
        JsonNode login = sender.get("login");
        if (!actor.has("display_login") && login != null && login.isString()) {
            // the Events API shows an app's bot by its name, without the "[bot]" its login carries
            actor.put("display_login", login.stringValue().replaceFirst("\\[bot]$", ""));
        }
        return actor;
    }

    private static ObjectNode repo(ObjectNode repository) {
        ObjectNode repo = repository.deepCopy();
        JsonNode fullName = repository.get("full_name");
        if (fullName != null && fullName.isString()) {
            repo.put("name", fullName.stringValue());
        }
        return repo;
    }

    private static ObjectNode payload(String event, ObjectNode webhook) {
        ObjectNode payload = webhook.deepCopy();
        ENVELOPE_PARTS.forEach(payload::remove);
        if (event.equals("push")) {
            addEventsApiPushFields(payload);
        }
        return payload;
    }

    /** The fields the Events API's push payload has and the webhook's names differently or lacks. */
    private static void addEventsApiPushFields(ObjectNode push) {
        JsonNode after = push.get("after");
        if (!push.has("head") && after != null && after.isString()) {
            push.put("head", after.stringValue());
        }
        JsonNode commits = push.get("commits");
        if (commits instanceof ArrayNode list) {
            int distinct = 0;
            for (JsonNode commit : list) {
                if (commit instanceof ObjectNode object) {
                    JsonNode id = object.get("id");
                    if (!object.has("sha") && id != null && id.isString()) {
                        object.put("sha", id.stringValue());
                    }
                    if (object.path("distinct").asBoolean(false)) {
                        distinct++;
                    }
                }
            }
            if (!push.has("size")) {
                push.put("size", list.size());
            }
            if (!push.has("distinct_size")) {
                push.put("distinct_size", distinct);
            }
        }
    }

    private static String createdAt(String event, ObjectNode webhook, Instant receivedAt) {
        List<String> pointers =
                CREATED_AT.getOrDefault(event, List.of("/" + event + "/updated_at", "/" + event + "/created_at"));
        for (String pointer : pointers) {
            Instant at = instant(webhook.at(pointer));
            if (at != null) {
                return at.toString();
            }
        }
        return receivedAt.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** An ISO-8601 text with an offset, or epoch seconds (a push's {@code repository.pushed_at}). */
    private static Instant instant(JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochSecond(value.longValue());
        }
        if (value.isString()) {
            try {
                return OffsetDateTime.parse(value.stringValue()).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}

package dev.descheduler.collector.webhook;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.descheduler.collector.ingest.IngestMetrics;
import dev.descheduler.collector.ingest.IngestRejection;
import dev.descheduler.collector.ingest.RequestBodyReader;
import dev.descheduler.collector.pipeline.EventPipeline;
import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.InvalidEventException;
import dev.descheduler.events.avro.GitHubEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /webhooks/github}: checks the signature over the raw body before anything else reads it, answers
 * {@code ping} without storing it, and submits every other delivery as one event to the same pipeline as
 * {@code /collect}, answering only once it is acknowledged (durable mode: its journal record is on disk).
 */
final class WebhookHandler {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
    private static final String EVENT_HEADER = "X-GitHub-Event";
    private static final String DELIVERY_HEADER = "X-GitHub-Delivery";
    // GitHub's delivery ids are GUIDs; anything else is not from GitHub and must not become an event id
    private static final Pattern DELIVERY_ID = Pattern.compile("[0-9A-Za-z-]{1,100}");
    private static final MediaType FORM = MediaType.APPLICATION_FORM_URLENCODED;

    private final WebhookProperties settings;
    private final WebhookSignature signature;
    private final RequestBodyReader bodies;
    private final WebhookDecoder webhooks;
    private final EventJsonDecoder events;
    private final EventPipeline pipeline;
    private final IngestMetrics metrics;
    private final TimeBasedEpochGenerator ingestIds = Generators.timeBasedEpochGenerator();

    WebhookHandler(
            WebhookProperties settings,
            RequestBodyReader bodies,
            WebhookDecoder webhooks,
            EventJsonDecoder events,
            EventPipeline pipeline,
            IngestMetrics metrics) {
        this.settings = settings;
        this.signature = settings.hasSecret() ? new WebhookSignature(settings.secret()) : null;
        this.bodies = bodies;
        this.webhooks = webhooks;
        this.events = events;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    Mono<ServerResponse> receive(ServerRequest request) {
        if (signature == null && !settings.allowUnsigned()) {
            throw new IngestRejection(
                    HttpStatus.FORBIDDEN,
                    "webhooks_disabled",
                    "webhooks are refused until GITHUB_WEBHOOK_SECRET is set (or GITHUB_WEBHOOK_ALLOW_UNSIGNED=true"
                            + " for a collector only a trusted relay can reach)");
        }
        String delivery = request.headers().firstHeader(DELIVERY_HEADER);
        return bodies.read(request).flatMap(raw -> {
            verify(request, raw, delivery);
            String event = requireEvent(request.headers().firstHeader(EVENT_HEADER));
            if (event.equals("ping")) {
                LOG.info("webhook ping, delivery {}: answered, not stored", delivery);
                return ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"status\":\"pong\"}");
            }
            String deliveryId = requireDeliveryId(delivery);
            metrics.received(1);
            Instant receivedAt = Instant.now();
            GitHubEvent decoded = decode(event, deliveryId, jsonOf(request, raw), receivedAt);
            return Mono.fromCompletionStage(pipeline.submit(List.of(decoded)))
                    .timeout(settings.ackTimeout())
                    .onErrorMap(
                            TimeoutException.class,
                            e -> new IngestRejection(
                                    HttpStatus.SERVICE_UNAVAILABLE,
                                    "ack_timeout",
                                    "delivery " + deliveryId + " was not acknowledged within " + settings.ackTimeout()
                                            + "; redeliver it (a copy that did land is deduplicated by its delivery id)"))
                    .then(Mono.defer(() -> {
                        LOG.debug(
                                "webhook delivery {} ({}) accepted as event {}",
                                deliveryId,
                                decoded.getType(),
                                decoded.getIngestId());
                        return ServerResponse.ok()
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue("{\"status\":\"success\",\"event_id\":\"" + decoded.getIngestId()
                                        + "\",\"github_event_id\":\"" + deliveryId + "\",\"type\":\""
                                        + decoded.getType() + "\"}");
                    }));
        });
    }

    private void verify(ServerRequest request, byte[] raw, String delivery) {
        if (signature == null) {
            return;
        }
        String problem = signature.problemWith(request.headers().firstHeader(WebhookSignature.HEADER), raw);
        if (problem != null) {
            LOG.warn(
                    "webhook delivery {} from {} refused: {}",
                    delivery,
                    request.remoteAddress().map(Object::toString).orElse("?"),
                    problem);
            throw new IngestRejection(HttpStatus.UNAUTHORIZED, "invalid_signature", problem);
        }
    }

    private GitHubEvent decode(String event, String deliveryId, byte[] json, Instant receivedAt) {
        byte[] mapped = webhooks.toEvent(event, deliveryId, json, receivedAt);
        try {
            return events.decode(mapped, 0, mapped.length, ingestIds.generate().toString(), receivedAt);
        } catch (InvalidEventException e) {
            throw new IngestRejection(
                    HttpStatus.BAD_REQUEST,
                    e.reason().label(),
                    e.getMessage() + " (the event's actor is the webhook's sender, repo its repository, org its"
                            + " organization)");
        }
    }

    private static String requireEvent(String event) {
        if (event == null || event.isBlank()) {
            throw new IngestRejection(HttpStatus.BAD_REQUEST, "missing_header", "missing " + EVENT_HEADER + " header");
        }
        if (!WebhookEventTypes.isValidName(event)) {
            throw new IngestRejection(
                    HttpStatus.BAD_REQUEST,
                    "invalid_header",
                    EVENT_HEADER + " must be a GitHub event name such as push or pull_request");
        }
        return event;
    }

    private static String requireDeliveryId(String delivery) {
        if (delivery == null || delivery.isBlank()) {
            throw new IngestRejection(
                    HttpStatus.BAD_REQUEST,
                    "missing_header",
                    "missing " + DELIVERY_HEADER + " header: it is the event's id, so a redelivery is stored once");
        }
        if (!DELIVERY_ID.matcher(delivery).matches()) {
            throw new IngestRejection(
                    HttpStatus.BAD_REQUEST,
                    "invalid_header",
                    DELIVERY_HEADER + " must be a GUID (letters, digits and dashes, at most 100)");
        }
        return delivery;
    }

    /** The JSON of a delivery: the body itself, or its {@code payload} field when GitHub sends it as a form. */
    private static byte[] jsonOf(ServerRequest request, byte[] raw) {
        MediaType type = request.headers().contentType().orElse(null);
        if (type != null && type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
            return raw;
        }
        if (type != null && type.isCompatibleWith(FORM)) {
            for (String field : new String(raw, StandardCharsets.US_ASCII).split("&")) {
                if (field.startsWith("payload=")) {
                    try {
                        return URLDecoder.decode(field.substring("payload=".length()), StandardCharsets.UTF_8)
                                .getBytes(StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        throw new IngestRejection(
                                HttpStatus.BAD_REQUEST,
                                "invalid_form",
                                "form-encoded webhook payload is not URL-encoded: " + e.getMessage());
                    }
                }
            }
            throw new IngestRejection(
                    HttpStatus.BAD_REQUEST, "missing_field", "form-encoded webhook has no payload field");
        }
        throw new IngestRejection(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                (type == null ? "a Content-Type is required" : "Content-Type " + type + " is not supported")
                        + "; GitHub sends application/json or application/x-www-form-urlencoded");
    }
}

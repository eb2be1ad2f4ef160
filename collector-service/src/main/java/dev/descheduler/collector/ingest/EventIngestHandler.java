package dev.descheduler.collector.ingest;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.descheduler.collector.pipeline.EventPipeline;
import dev.descheduler.collector.pipeline.ValidatedEvent;
import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.InvalidEventException;
import dev.descheduler.events.avro.GitHubEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code POST /collect} (one event) and {@code POST /collect/batch} (NDJSON or a JSON array, gzip accepted). */
final class EventIngestHandler {

    private final RequestBodyReader bodies;
    private final EventJsonDecoder decoder;
    private final EventPipeline pipeline;
    private final IngestMetrics metrics;
    private final TimeBasedEpochGenerator ingestIds = Generators.timeBasedEpochGenerator();

    EventIngestHandler(
            RequestBodyReader bodies, EventJsonDecoder decoder, EventPipeline pipeline, IngestMetrics metrics) {
        this.bodies = bodies;
        this.decoder = decoder;
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    Mono<ServerResponse> collectOne(ServerRequest request) {
        requireContentType(request, MediaType.APPLICATION_JSON);
        return bodies.read(request).flatMap(body -> {
            metrics.received(1);
            GitHubEvent event;
            try {
                event = decoder.decode(
                        body, 0, body.length, ingestIds.generate().toString(), Instant.now());
            } catch (InvalidEventException e) {
                metrics.rejected(e.reason().label(), 1);
                return ErrorResponses.of(HttpStatus.BAD_REQUEST, e.reason().label(), e.getMessage());
            }
            return acknowledged(pipeline.submitValidated(List.of(new ValidatedEvent(event, body, 0, body.length))))
                    .then(ServerResponse.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue("{\"status\":\"success\",\"event_id\":\"" + event.getIngestId() + "\"}"));
        });
    }

    Mono<ServerResponse> collectBatch(ServerRequest request) {
        boolean ndjson = isNdjson(request);
        return bodies.read(request).flatMap(body -> {
            List<BatchBodySplitter.Slice> slices =
                    ndjson ? BatchBodySplitter.ndjson(body) : BatchBodySplitter.jsonArray(body);
            if (slices.isEmpty()) {
                throw new IngestRejection(HttpStatus.BAD_REQUEST, "empty_batch", "the batch holds no event");
            }
            metrics.received(slices.size());
            Instant receivedAt = Instant.now();
            List<ValidatedEvent> accepted = new ArrayList<>(slices.size());
            BatchResult result = new BatchResult(slices.size());
            for (int i = 0; i < slices.size(); i++) {
                BatchBodySplitter.Slice slice = slices.get(i);
                try {
                    GitHubEvent event = decoder.decode(
                            body,
                            slice.offset(),
                            slice.length(),
                            ingestIds.generate().toString(),
                            receivedAt);
                    accepted.add(new ValidatedEvent(event, body, slice.offset(), slice.length()));
                    result.accept(i, event.getIngestId());
                } catch (InvalidEventException e) {
                    metrics.rejected(e.reason().label(), 1);
                    result.reject(i, e.getMessage(), e.reason().label());
                }
            }
            // nothing valid: a client error for the request as a whole, with every event's reason in the body
            HttpStatus status = accepted.isEmpty() ? HttpStatus.BAD_REQUEST : HttpStatus.OK;
            Mono<Void> submitted = accepted.isEmpty() ? Mono.empty() : acknowledged(pipeline.submitValidated(accepted));
            return submitted.then(ServerResponse.status(status)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(result.toJson()));
        });
    }

    /**
     * The acknowledgement as a Mono. One that comes later (durable mode: the journal's group commit) continues on a
     * Reactor worker, so the response is built there: completed on the journal writer, every response of a group was
     * built there one after the other before the next write and fsync could start.
     */
    private static Mono<Void> acknowledged(CompletionStage<Void> stage) {
        CompletableFuture<Void> future = stage.toCompletableFuture();
        Mono<Void> done = Mono.fromFuture(future, true);
        return future.isDone() ? done : done.publishOn(Schedulers.parallel());
    }

    private static boolean isNdjson(ServerRequest request) {
        MediaType type = request.headers().contentType().orElse(null);
        if (type == null) {
            throw unsupported("a Content-Type is required");
        }
        if (type.getSubtype().equals("x-ndjson")
                || type.getSubtype().equals("jsonl")
                || type.getSubtype().equals("jsonlines")) {
            return true;
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
            return false;
        }
        throw unsupported("Content-Type " + type + " is not supported");
    }

    private static void requireContentType(ServerRequest request, MediaType expected) {
        MediaType type = request.headers().contentType().orElse(null);
        if (type == null || !type.isCompatibleWith(expected)) {
            throw new IngestRejection(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    (type == null ? "a Content-Type is required" : "Content-Type " + type + " is not supported")
                            + "; send " + expected);
        }
    }

    private static IngestRejection unsupported(String problem) {
        return new IngestRejection(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                problem + "; send application/x-ndjson (one event per line) or application/json (an array of events)");
    }
}

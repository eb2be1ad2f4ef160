package dev.descheduler.collector.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.descheduler.collector.pipeline.EventStoreException;
import dev.descheduler.collector.pipeline.PipelineClosedException;
import dev.descheduler.collector.pipeline.PipelineFullException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** Every refusal is JSON that says what was wrong: {@code {"error":"...","reason":"..."}}. */
public final class ErrorResponses {

    private ErrorResponses() {}

    public static Mono<ServerResponse> of(HttpStatus status, String reason, String message) {
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(reason, message));
    }

    /** Maps what the ingest path can throw to its response; the metric reason is recorded by the caller. */
    public static Mono<ServerResponse> from(Throwable error) {
        if (error instanceof IngestRejection rejection) {
            return of(rejection.status(), rejection.reason(), rejection.getMessage());
        }
        if (error instanceof PipelineFullException full) {
            return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(
                            HttpHeaders.RETRY_AFTER,
                            Long.toString(Math.max(1, full.retryAfter().toSeconds())))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body("pipeline_full", full.getMessage() + "; retry later"));
        }
        if (error instanceof PipelineClosedException closed) {
            return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "5")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body("shutting_down", closed.getMessage()));
        }
        if (error instanceof EventStoreException store) {
            return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, "5")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body(store.reason(), store.getMessage()));
        }
        return Mono.error(error);
    }

    public static String reasonOf(Throwable error) {
        if (error instanceof IngestRejection rejection) {
            return rejection.reason();
        }
        if (error instanceof PipelineFullException) {
            return IngestMetrics.PIPELINE_FULL;
        }
        if (error instanceof PipelineClosedException) {
            return IngestMetrics.SHUTTING_DOWN;
        }
        if (error instanceof EventStoreException store) {
            return store.reason();
        }
        return null;
    }

    private static String body(String reason, String message) {
        return "{\"error\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(message)) + "\",\"reason\":\""
                + reason + "\"}";
    }
}

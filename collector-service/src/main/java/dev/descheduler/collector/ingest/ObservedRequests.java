package dev.descheduler.collector.ingest;

import java.time.Duration;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The outermost filter of every ingest endpoint: refusals become JSON responses; every request's status and latency is recorded. */
public final class ObservedRequests {

    private ObservedRequests() {}

    public static HandlerFilterFunction<ServerResponse, ServerResponse> filter(String endpoint, IngestMetrics metrics) {
        return (request, next) -> {
            long start = System.nanoTime();
            return Mono.defer(() -> next.handle(request))
                    .onErrorResume(error -> {
                        String reason = ErrorResponses.reasonOf(error);
                        if (reason != null) {
                            metrics.rejected(reason, 1);
                        }
                        return ErrorResponses.from(error);
                    })
                    .doOnNext(response -> metrics.request(
                            endpoint, response.statusCode().value(), Duration.ofNanos(System.nanoTime() - start)));
        };
    }
}

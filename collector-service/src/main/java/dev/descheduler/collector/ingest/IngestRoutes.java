package dev.descheduler.collector.ingest;

import dev.descheduler.collector.config.CollectorProperties;
import dev.descheduler.collector.pipeline.EventPipeline;
import dev.descheduler.events.EventJsonDecoder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** The ingest endpoints, with authentication, error mapping and request metrics around them. */
@Configuration(proxyBeanMethods = false)
class IngestRoutes {

    @Bean
    RouterFunction<ServerResponse> ingestRouter(
            CollectorProperties settings, EventJsonDecoder decoder, EventPipeline pipeline, MeterRegistry registry) {
        IngestMetrics metrics = new IngestMetrics(registry);
        EventIngestHandler handler =
                new EventIngestHandler(new RequestBodyReader(settings.ingest()), decoder, pipeline, metrics);
        ApiKeyFilter apiKeys = new ApiKeyFilter(settings.ingest().apiKeys());
        return RouterFunctions.route()
                .POST("/collect", handler::collectOne)
                .filter(observed("/collect", metrics).andThen(apiKeys))
                .build()
                .and(RouterFunctions.route()
                        .POST("/collect/batch", handler::collectBatch)
                        .filter(observed("/collect/batch", metrics).andThen(apiKeys))
                        .build());
    }

    /** Outermost filter: turns refusals into JSON responses and records every request's status and latency. */
    private static HandlerFilterFunction<ServerResponse, ServerResponse> observed(
            String endpoint, IngestMetrics metrics) {
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

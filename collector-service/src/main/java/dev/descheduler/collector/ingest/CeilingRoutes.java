package dev.descheduler.collector.ingest;

import dev.descheduler.collector.config.CollectorProperties;
import dev.descheduler.collector.pipeline.EventPipeline;
import dev.descheduler.events.EventJsonDecoder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Benchmark only, off unless {@code COLLECTOR_BENCHMARK_CEILING=true}: {@code POST /ceiling/collect} and {@code POST
 * /ceiling/collect/batch} read the whole body with the same reader and limits as the real endpoints and answer 200
 * without decoding, journaling or queueing anything. They measure the HTTP stack's own ceiling on this machine, which
 * the collector's figures in docs/benchmarks.md are quoted against. {@code POST /ceiling/validate} and {@code POST
 * /ceiling/validate/batch} run the real handlers (body reading, splitting, validating decode, ingest ids, the answer)
 * with a pipeline that acknowledges at once: the ratio of the real endpoints to these is what journaling, batching
 * and delivery cost.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "collector.benchmark.ceiling-endpoints", havingValue = "true")
class CeilingRoutes {

    @Bean
    RouterFunction<ServerResponse> ceilingRouter(CollectorProperties settings, EventJsonDecoder decoder) {
        RequestBodyReader bodies = new RequestBodyReader(settings.ingest());
        EventPipeline acknowledgeAtOnce = events -> CompletableFuture.completedFuture(null);
        // metrics of their own, so benchmark traffic on the ceiling does not count as ingested events
        EventIngestHandler validateOnly = new EventIngestHandler(
                bodies, decoder, acknowledgeAtOnce, new IngestMetrics(new SimpleMeterRegistry()));
        return RouterFunctions.route()
                .POST("/ceiling/collect", request -> bodies.read(request).flatMap(body -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"status\":\"success\",\"event_id\":\"ceiling\"}")))
                .POST("/ceiling/collect/batch", request -> bodies.read(request).flatMap(body -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"accepted\":[],\"rejected\":[]}")))
                .POST("/ceiling/validate", validateOnly::collectOne)
                .POST("/ceiling/validate/batch", validateOnly::collectBatch)
                .build();
    }
}

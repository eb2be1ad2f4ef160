package dev.descheduler.collector.ingest;

import dev.descheduler.collector.config.CollectorProperties;
import dev.descheduler.collector.pipeline.EventPipeline;
import dev.descheduler.events.EventJsonDecoder;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

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
                .filter(ObservedRequests.filter("/collect", metrics).andThen(apiKeys))
                .build()
                .and(RouterFunctions.route()
                        .POST("/collect/batch", handler::collectBatch)
                        .filter(ObservedRequests.filter("/collect/batch", metrics)
                                .andThen(apiKeys))
                        .build());
    }
}

package dev.descheduler.collector.health;

import dev.descheduler.collector.config.CollectorProperties;
import dev.descheduler.collector.pipeline.DeliveryPipeline;
import dev.descheduler.collector.publish.KafkaState;
import dev.descheduler.collector.publish.LocalFallbackStore;
import dev.descheduler.collector.replay.Replayer;
import dev.descheduler.collector.spill.SpillStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code /health} (the seed's JSON plus spill, fallback and Kafka state), {@code /health/liveness} (503 once the batch
 * worker, the journal writer or the replayer has died) and {@code /health/readiness}. Readiness turns false before the collector must refuse events: when it is shutting down or the
 * spill is past the warning threshold, so a load balancer moves traffic away first.
 */
@Configuration(proxyBeanMethods = false)
class HealthRoutes {

    @Bean
    RouterFunction<ServerResponse> healthRouter(
            CollectorProperties settings,
            DeliveryPipeline pipeline,
            SpillStore spill,
            LocalFallbackStore localFallback,
            KafkaState kafka,
            Replayer replayer) {
        return RouterFunctions.route()
                .GET("/health", request -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", isReady(settings, pipeline, spill) ? "healthy" : "degraded");
                    body.put("queue_size", pipeline.queueSize());
                    body.put("undelivered_events", pipeline.undeliveredEvents());
                    body.put("max_queue_size", settings.queue().maxSize());
                    body.put("queue_pressure_percent", pipeline.queuePressurePercent());
                    body.put("ack_mode", settings.ackMode().name().toLowerCase());
                    body.put("journal", Map.of("pending_events", pipeline.journalPendingEvents()));
                    body.put(
                            "spill",
                            Map.of("files", spill.fileCount(), "bytes", spill.bytes(), "max_bytes", spill.maxBytes()));
                    body.put(
                            "fallback",
                            Map.of(
                                    "local_files", localFallback.list().size(),
                                    "landing_zone_pending", replayer.landingZonePending()));
                    body.put(
                            "kafka",
                            Map.of(
                                    "state", kafka.isUp() ? "up" : "down",
                                    "since", kafka.since().toString(),
                                    "last_error", kafka.lastError(),
                                    "topic_problem", kafka.topicProblem()));
                    return ServerResponse.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(body);
                })
                .GET("/health/liveness", request -> {
                    // a dead worker means acknowledged events that never leave the process: only a restart helps
                    Map<String, Object> body = new LinkedHashMap<>();
                    boolean workers = pipeline.areWorkersAlive();
                    boolean replaying = replayer.isRunning();
                    body.put("status", workers && replaying ? "alive" : "dead");
                    body.put("batch_worker", workers ? "running" : "stopped");
                    body.put("replayer", replaying ? "running" : "stopped");
                    return ServerResponse.status(workers && replaying ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(body);
                })
                .GET("/health/readiness", request -> {
                    boolean ready = isReady(settings, pipeline, spill);
                    return ServerResponse.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Map.of("status", ready ? "ready" : "not_ready"));
                })
                .build();
    }

    private static boolean isReady(CollectorProperties settings, DeliveryPipeline pipeline, SpillStore spill) {
        return pipeline.isAccepting() && spill.usagePercent() < settings.queue().warningThreshold();
    }
}

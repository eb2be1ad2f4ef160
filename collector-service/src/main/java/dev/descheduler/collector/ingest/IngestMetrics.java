package dev.descheduler.collector.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The ingest side of the seed's metric catalogue. Labels stay bounded: three endpoints (with the webhook's), a handful of statuses and the
 * fixed set of rejection reasons.
 */
public final class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter received;
    private final ConcurrentMap<String, Counter> rejected = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> durations = new ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("metrics_received")
                .description("Events received (valid or not)")
                .register(registry);
    }

    public void received(int events) {
        received.increment(events);
    }

    public void rejected(String reason, int events) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("metrics_rejected")
                        .tag("reason", r)
                        .description("Events or requests refused, by reason")
                        .register(registry))
                .increment(events);
    }

    public void request(String endpoint, int status, Duration took) {
        requests.computeIfAbsent(endpoint + ' ' + status, k -> Counter.builder("api_requests")
                        .tag("endpoint", endpoint)
                        .tag("status", Integer.toString(status))
                        .description("HTTP requests by endpoint and status")
                        .register(registry))
                .increment();
        durations
                .computeIfAbsent(endpoint, e -> Timer.builder("api_request_duration_seconds")
                        .tag("endpoint", e)
                        .description("HTTP request latency")
                        .publishPercentileHistogram()
                        .register(registry))
                .record(took);
    }
}

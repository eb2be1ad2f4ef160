package dev.descheduler.collector.ingest;

import dev.descheduler.events.RejectReason;
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

    static final String PIPELINE_FULL = "pipeline_full";
    static final String SHUTTING_DOWN = "shutting_down";

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
        // every known reason exists at 0 from the start: a counter born at 1 by its first refusal has no earlier
        // sample,
        // so increase() and rate() never see that refusal and CollectorRejectingEvents stayed quiet for it
        for (RejectReason reason : RejectReason.values()) {
            rejectedCounter(reason.label());
        }
        rejectedCounter(PIPELINE_FULL);
        rejectedCounter(SHUTTING_DOWN);
    }

    public void received(int events) {
        received.increment(events);
    }

    public void rejected(String reason, int events) {
        rejectedCounter(reason).increment(events);
    }

    private Counter rejectedCounter(String reason) {
        return rejected.computeIfAbsent(reason, r -> Counter.builder("metrics_rejected")
                .tag("reason", r)
                .description("Events or requests refused, by reason")
                .register(registry));
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

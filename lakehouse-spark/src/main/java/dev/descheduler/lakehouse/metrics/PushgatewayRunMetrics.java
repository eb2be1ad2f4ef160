package dev.descheduler.lakehouse.metrics;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a run's outcome to the Prometheus Pushgateway, grouped by job and table. It adds to the group (HTTP POST)
 * rather than replacing it, so a failed run updates the failure time and the duration and leaves the last success
 * and the counts of the last good run in place; an alert compares the two timestamps.
 */
final class PushgatewayRunMetrics implements RunMetrics {

    static final String URL_VARIABLE = "PUSHGATEWAY_URL";
    private static final Logger LOG = LoggerFactory.getLogger(PushgatewayRunMetrics.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String job;
    private final Address address;
    private final Clock clock;
    private final Instant started;

    PushgatewayRunMetrics(String job, Address address, Clock clock) {
        this.job = job;
        this.address = address;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** Where the Pushgateway listens: {@code http://host:port} (or https), as {@code PUSHGATEWAY_URL} gives it. */
    record Address(Scheme scheme, String hostAndPort) {}

    static Address address(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw invalid(url, e.getMessage());
        }
        if (uri.getHost() == null
                || uri.getPort() < 0
                || !(uri.getPath() == null
                        || uri.getPath().isEmpty()
                        || uri.getPath().equals("/"))) {
            throw invalid(url, "expected http://host:port or https://host:port, with no path");
        }
        Scheme scheme =
                switch (String.valueOf(uri.getScheme())) {
                    case "http" -> Scheme.HTTP;
                    case "https" -> Scheme.HTTPS;
                    default -> throw invalid(url, "the scheme must be http or https");
                };
        return new Address(scheme, uri.getHost() + ":" + uri.getPort());
    }

    @Override
    public void succeeded(String table, Map<RunCount, Long> counts, Optional<Instant> newestReceivedAt) {
        PrometheusRegistry registry = new PrometheusRegistry();
        Instant now = clock.instant();
        gauge(registry, "lakehouse_job_duration_seconds", "How long the last run took", seconds(started, now));
        gauge(registry, "lakehouse_job_last_success_timestamp_seconds", "When a run last succeeded", epochSeconds(now));
        counts.forEach((count, value) -> gauge(registry, count.metricName(), count.help(), value));
        newestReceivedAt.ifPresent(received -> gauge(
                registry,
                "lakehouse_table_newest_received_timestamp_seconds",
                "The newest received_at in the table after the run (freshness = now - this)",
                epochSeconds(received)));
        push(registry, table, "success");
    }

    @Override
    public void failed(String table) {
        PrometheusRegistry registry = new PrometheusRegistry();
        Instant now = clock.instant();
        gauge(registry, "lakehouse_job_duration_seconds", "How long the last run took", seconds(started, now));
        gauge(registry, "lakehouse_job_last_failure_timestamp_seconds", "When a run last failed", epochSeconds(now));
        push(registry, table, "failure");
    }

    private void push(PrometheusRegistry registry, String table, String outcome) {
        PushGateway gateway = PushGateway.builder()
                .scheme(address.scheme())
                .address(address.hostAndPort())
                .job(job)
                .groupingKey("table", table)
                .registry(registry)
                .format(Format.PROMETHEUS_TEXT)
                .connectionTimeout(TIMEOUT)
                .readTimeout(TIMEOUT)
                .build();
        try {
            gateway.pushAdd();
            LOG.info(
                    "{}: pushed the run's {} for {} to the Pushgateway at {}",
                    job,
                    outcome,
                    table,
                    address.hostAndPort());
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "{}: the run's metrics for {} were not pushed to the Pushgateway at {}: {}",
                    job,
                    table,
                    address.hostAndPort(),
                    e.toString());
        }
    }

    private static void gauge(PrometheusRegistry registry, String name, String help, double value) {
        Gauge.builder().name(name).help(help).register(registry).set(value);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static double epochSeconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    private static IllegalArgumentException invalid(String url, String why) {
        return new IllegalArgumentException(
                URL_VARIABLE + " must be the Pushgateway's address, was '" + url + "': " + why);
    }
}

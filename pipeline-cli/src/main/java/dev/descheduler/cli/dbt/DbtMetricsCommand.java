package dev.descheduler.cli.dbt;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pushes the outcome of a dbt run to the Prometheus Pushgateway, grouped by job and table as the Spark batch jobs push
 * theirs (lakehouse-spark's PushgatewayRunMetrics), so the same alerts and panels cover Gold: duration, last success
 * or failure, and the nodes per kind and status with the tests passed and failed. Adds to the group (HTTP POST): a
 * failed run keeps the last success's time. A results file older than the run's start means dbt stopped before it
 * wrote one (no connection, a broken project): that is pushed as a failure with no counts.
 */
@Command(
        name = "dbt-metrics",
        mixinStandardHelpOptions = true,
        description = "Pushes a dbt run's outcome (from its run_results.json) to the Prometheus Pushgateway."
                + " Exits 1 when it could not push; prints what it pushed.")
public final class DbtMetricsCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Option(
            names = "--run-results",
            required = true,
            description = "dbt's run_results.json of the run (scripts/gold.sh keeps the build's as build_results.json)")
    Path runResults;

    @Option(
            names = "--started-at",
            description = "When the run started (unix seconds): a results file written before it is a previous run's")
    Long startedAt;

    @Option(names = "--job", defaultValue = "dbt-gold", description = "The job label (default: ${DEFAULT-VALUE})")
    String job;

    @Option(
            names = "--table",
            defaultValue = "lakehouse.gold",
            description = "The table label: the catalog and namespace dbt builds (default: ${DEFAULT-VALUE})")
    String table;

    @Option(
            names = "--pushgateway-url",
            defaultValue = "${env:PUSHGATEWAY_URL}",
            description = "http://host:port of the Pushgateway (default: $PUSHGATEWAY_URL; unset: push nothing)")
    String pushgatewayUrl;

    @Override
    public Integer call() throws IOException {
        if (pushgatewayUrl == null || pushgatewayUrl.isBlank()) {
            System.out.println("dbt-metrics: not pushed: PUSHGATEWAY_URL is not set");
            return 0;
        }
        URI address;
        try {
            address = address(pushgatewayUrl);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        String outcome;
        DbtRunResults results = Files.exists(runResults) ? DbtRunResults.read(runResults) : null;
        if (results == null || (startedAt != null && results.generatedAt().getEpochSecond() < startedAt)) {
            outcome = "failure (no results written by this run)";
            gauge(registry, "lakehouse_job_last_failure_timestamp_seconds", "When a run last failed", seconds(now()));
        } else {
            outcome = results.succeeded() ? "success" : "failure";
            gauge(
                    registry,
                    "lakehouse_job_duration_seconds",
                    "How long the last run took",
                    results.elapsed().toMillis() / 1000.0);
            gauge(
                    registry,
                    results.succeeded()
                            ? "lakehouse_job_last_success_timestamp_seconds"
                            : "lakehouse_job_last_failure_timestamp_seconds",
                    results.succeeded() ? "When a run last succeeded" : "When a run last failed",
                    seconds(results.generatedAt()));
            gauge(
                    registry,
                    "lakehouse_dbt_tests_passed",
                    "Data and unit tests that passed (or warned) in the last run",
                    results.testsPassed());
            gauge(
                    registry,
                    "lakehouse_dbt_tests_failed",
                    "Data and unit tests that failed or errored in the last run",
                    results.testsFailed());
            Gauge nodes = Gauge.builder()
                    .name("lakehouse_dbt_nodes")
                    .help("Nodes of the last run per kind (model, test, unit_test, ...) and status")
                    .labelNames("kind", "status")
                    .register(registry);
            results.nodes()
                    .forEach((kind, statuses) -> statuses.forEach(
                            (status, count) -> nodes.labelValues(kind, status).set(count)));
        }
        PushGateway gateway = PushGateway.builder()
                .scheme("https".equals(address.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
                .address(address.getHost() + ":" + address.getPort())
                .job(job)
                .groupingKey("table", table)
                .registry(registry)
                .format(Format.PROMETHEUS_TEXT)
                .connectionTimeout(TIMEOUT)
                .readTimeout(TIMEOUT)
                .build();
        try {
            gateway.pushAdd();
        } catch (IOException | RuntimeException e) {
            System.err.println("dbt-metrics: the run's " + outcome + " was not pushed to the Pushgateway at "
                    + pushgatewayUrl + ": " + e);
            return 1;
        }
        System.out.println("dbt-metrics: pushed the run's " + outcome + " for " + table + " as job " + job
                + (results == null
                        ? ""
                        : " (tests: " + results.testsPassed() + " passed, " + results.testsFailed() + " failed)"));
        return 0;
    }

    private static Instant now() {
        return Instant.now();
    }

    private static URI address(String url) {
        URI uri = URI.create(url.trim().replace(" ", "%20"));
        if (uri.getHost() == null
                || uri.getPort() < 0
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(
                    "PUSHGATEWAY_URL must be http://host:port or https://host:port, was '" + url + "'");
        }
        return uri;
    }

    private static void gauge(PrometheusRegistry registry, String name, String help, double value) {
        Gauge.builder().name(name).help(help).register(registry).set(value);
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }
}

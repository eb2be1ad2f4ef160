package dev.descheduler.cli.dbt;

import dev.descheduler.cli.layers.LakehouseOptions;
import dev.descheduler.cli.layers.LakehouseQueries;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Pushes the outcome of a dbt run to the Prometheus Pushgateway, grouped by job and table as the Spark batch jobs push
 * theirs (lakehouse-spark's PushgatewayRunMetrics), so the same alerts and panels cover Gold: duration, last success
 * or failure, and the nodes per kind and status with the tests passed and failed. Adds to the group (HTTP POST): a
 * failed run keeps the last success's time. A results file older than the run's start means dbt stopped before it
 * wrote one (no connection, a broken project): that is pushed as a failure with no counts.
 *
 * <p>The outcome comes from dbt's run_results.json ({@code make gold}: one {@code dbt build}) or from the final states
 * of the Gold tasks (Airflow: Cosmos runs dbt once per model, so no results file holds the build). With a manifest it
 * also pushes Gold's freshness, read over the SQL endpoint ({@link GoldFreshness}).
 */
@Command(
        name = "dbt-metrics",
        mixinStandardHelpOptions = true,
        description = "Pushes a dbt run's outcome (from its run_results.json, or from the final states of Airflow's"
                + " Gold tasks) and Gold's freshness to the Prometheus Pushgateway."
                + " Exits 1 when it could not push, 2 on input it cannot use; prints what it pushed.")
public final class DbtMetricsCommand implements Callable<Integer> {

    /** Not pushed: the Pushgateway did not take it. Callers treat it as a warning (reporting never fails a run). */
    static final int NOT_PUSHED = 1;
    /** Input it cannot use (a bad address, a file that is no run_results.json, a task state): a caller's bug. */
    static final int INVALID_INPUT = 2;

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String NEWEST_RECEIVED = "lakehouse_table_newest_received_timestamp_seconds";

    @Option(
            names = "--run-results",
            description = "dbt's run_results.json of the run (scripts/gold.sh keeps the build's as build_results.json)")
    Path runResults;

    @Option(
            names = "--task-state",
            paramLabel = "TASK_ID=STATE",
            description = "instead of --run-results: the final state of one Gold task in Airflow (repeat for each)")
    List<String> taskStates;

    @Option(
            names = "--duration-seconds",
            description = "with --task-state: how long the Gold tasks ran, added up (Airflow's task durations)")
    Double durationSeconds;

    @Option(
            names = "--started-at",
            description = "When the run started (unix seconds): a results file written before it is a previous run's")
    Long startedAt;

    @Option(
            names = "--manifest",
            description = "dbt's manifest.json: also push the newest received_at visible in Gold, read through the SQL"
                    + " endpoint from the incremental models it lists (their silver_loaded_at watermarks)")
    Path manifest;

    @Mixin
    LakehouseOptions lakehouse;

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

    /** What the run did, from either source, as the gauges need it; null counts when the run wrote no results. */
    private record Outcome(
            boolean succeeded,
            Instant finishedAt,
            Optional<Duration> elapsed,
            Integer testsPassed,
            Integer testsFailed,
            Map<String, Map<String, Integer>> nodes,
            String description) {}

    @Override
    public Integer call() throws IOException {
        if ((runResults == null) == (taskStates == null)) {
            System.err.println("error: give either --run-results (make gold) or --task-state for each Gold task"
                    + " (Airflow), not " + (runResults == null ? "neither" : "both"));
            return INVALID_INPUT;
        }
        if (pushgatewayUrl == null || pushgatewayUrl.isBlank()) {
            System.out.println("dbt-metrics: not pushed: PUSHGATEWAY_URL is not set");
            return 0;
        }
        URI address;
        Outcome outcome;
        try {
            address = address(pushgatewayUrl);
            outcome = runResults != null ? fromRunResults() : fromTaskStates();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return INVALID_INPUT;
        }
        if (outcome == null) {
            System.out.println("dbt-metrics: not pushed: no Gold task ran (the run stopped before Gold)");
            return 0;
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        register(registry, outcome);
        Optional<Instant> newest = manifest == null ? Optional.empty() : goldNewestReceivedAt();
        newest.ifPresent(received -> gauge(
                registry,
                NEWEST_RECEIVED,
                "The newest received_at in the table after the run (freshness = now - this)",
                seconds(received)));
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
            System.err.println("dbt-metrics: the run's " + outcome.description()
                    + " was not pushed to the Pushgateway at " + pushgatewayUrl + ": " + e);
            return NOT_PUSHED;
        }
        System.out.println("dbt-metrics: pushed the run's " + outcome.description() + " for " + table + " as job " + job
                + (outcome.testsPassed() == null
                        ? ""
                        : " (tests: " + outcome.testsPassed() + " passed, " + outcome.testsFailed() + " failed)")
                + newest.map(received -> "; newest received_at visible in Gold: " + received)
                        .orElse(manifest == null ? "" : "; Gold's freshness not known"));
        return 0;
    }

    private Outcome fromRunResults() throws IOException {
        DbtRunResults results = Files.exists(runResults) ? DbtRunResults.read(runResults) : null;
        if (results == null || (startedAt != null && results.generatedAt().getEpochSecond() < startedAt)) {
            return new Outcome(
                    false,
                    Instant.now(),
                    Optional.empty(),
                    null,
                    null,
                    null,
                    "failure (no results written by this run)");
        }
        return new Outcome(
                results.succeeded(),
                results.generatedAt(),
                Optional.of(results.elapsed()),
                results.testsPassed(),
                results.testsFailed(),
                results.nodes(),
                results.succeeded() ? "success" : "failure");
    }

    /** Null when no Gold task ran at all: nothing was built, nothing failed to build. */
    private Outcome fromTaskStates() {
        if (durationSeconds != null && (durationSeconds < 0 || durationSeconds.isNaN())) {
            throw new IllegalArgumentException("--duration-seconds must be 0 or more, was " + durationSeconds);
        }
        GoldTaskStates states = GoldTaskStates.parse(taskStates);
        if (states.nothingRan()) {
            return null;
        }
        return new Outcome(
                states.succeeded(),
                Instant.now(),
                Optional.ofNullable(durationSeconds).map(s -> Duration.ofMillis(Math.round(s * 1000))),
                states.testsPassed(),
                states.testsFailed(),
                states.nodes(),
                (states.succeeded() ? "success" : "failure") + " (from "
                        + states.states().size() + " Airflow tasks)");
    }

    private static void register(PrometheusRegistry registry, Outcome outcome) {
        outcome.elapsed()
                .ifPresent(elapsed -> gauge(
                        registry,
                        "lakehouse_job_duration_seconds",
                        "How long the last run took",
                        elapsed.toMillis() / 1000.0));
        gauge(
                registry,
                outcome.succeeded()
                        ? "lakehouse_job_last_success_timestamp_seconds"
                        : "lakehouse_job_last_failure_timestamp_seconds",
                outcome.succeeded() ? "When a run last succeeded" : "When a run last failed",
                seconds(outcome.finishedAt()));
        if (outcome.nodes() == null) {
            return;
        }
        gauge(
                registry,
                "lakehouse_dbt_tests_passed",
                "Data and unit tests that passed (or warned) in the last run",
                outcome.testsPassed());
        gauge(
                registry,
                "lakehouse_dbt_tests_failed",
                "Data and unit tests that failed or errored in the last run",
                outcome.testsFailed());
        Gauge nodes = Gauge.builder()
                .name("lakehouse_dbt_nodes")
                .help("Nodes of the last run per kind (model, test, unit_test, ...) and status")
                .labelNames("kind", "status")
                .register(registry);
        outcome.nodes()
                .forEach((kind, statuses) -> statuses.forEach(
                        (status, count) -> nodes.labelValues(kind, status).set(count)));
    }

    /** Empty, with a warning, when the SQL endpoint cannot say: a freshness figure is never worth a lost outcome. */
    private Optional<Instant> goldNewestReceivedAt() {
        List<String> marts;
        try {
            marts = GoldFreshness.incrementalModels(manifest);
        } catch (IOException | RuntimeException e) {
            System.err.println("dbt-metrics: warning: Gold's freshness not read: the manifest " + manifest
                    + " could not be read: " + e.getMessage());
            return Optional.empty();
        }
        try (LakehouseQueries queries = new LakehouseQueries(lakehouse.jdbcUrl())) {
            return GoldFreshness.newestReceivedAt(queries, marts, lakehouse.silverNamespace() + ".github_events");
        } catch (SQLException | RuntimeException e) {
            System.err.println("dbt-metrics: warning: Gold's newest received_at could not be read through "
                    + lakehouse.jdbcUrl() + ": " + e.getMessage());
            return Optional.empty();
        }
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

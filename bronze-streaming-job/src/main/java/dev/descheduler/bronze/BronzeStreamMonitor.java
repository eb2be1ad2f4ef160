package dev.descheduler.bronze;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The continuous stream's {@code /metrics}: a Prometheus HTTP endpoint serving its {@link BronzeStreamMetrics} (fed by
 * a {@link BronzeStreamListener} on the session) and the JVM's own metrics. Started before the queries, so the stream
 * can be scraped during its first micro-batch; the port in use is written to the port file once it serves.
 */
final class BronzeStreamMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BronzeStreamMonitor.class);

    private final SparkSession spark;
    private final BronzeStreamListener listener;
    private final KafkaLatestOffsets latestOffsets;
    private final HTTPServer server;

    private BronzeStreamMonitor(
            SparkSession spark, BronzeStreamListener listener, KafkaLatestOffsets latestOffsets, HTTPServer server) {
        this.spark = spark;
        this.listener = listener;
        this.latestOffsets = latestOffsets;
        this.server = server;
    }

    static BronzeStreamMonitor start(BronzeSettings settings, SparkSession spark) {
        BronzeSettings.MetricsEndpoint endpoint = settings.metrics();
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        KafkaLatestOffsets latestOffsets = new KafkaLatestOffsets(settings.kafkaBootstrapServers());
        BronzeStreamListener listener =
                new BronzeStreamListener(new BronzeStreamMetrics(registry, settings.triggerInterval(), latestOffsets));
        HTTPServer server;
        try {
            server = HTTPServer.builder()
                    .hostname(endpoint.bindHost())
                    .port(endpoint.port())
                    .registry(registry)
                    .buildAndStart();
        } catch (BindException e) {
            latestOffsets.close();
            throw new IllegalStateException(
                    "BRONZE_METRICS_PORT " + endpoint.port() + " on " + endpoint.bindHost()
                            + " is already in use (or the address is not this machine's): stop what holds it, or set"
                            + " BRONZE_METRICS_PORT to a free port (0: any)",
                    e);
        } catch (IOException e) {
            latestOffsets.close();
            throw new UncheckedIOException("the metrics endpoint could not start", e);
        }
        BronzeStreamMonitor monitor = new BronzeStreamMonitor(spark, listener, latestOffsets, server);
        LOG.info("metrics on http://{}:{}/metrics", endpoint.bindHost(), server.getPort());
        try {
            endpoint.portFile().ifPresent(file -> writePort(file, server.getPort()));
        } catch (RuntimeException e) {
            monitor.close();
            throw e;
        }
        spark.streams().addListener(listener);
        return monitor;
    }

    int port() {
        return server.getPort();
    }

    /** Written beside and renamed into place: whoever reads it never sees it half-written. */
    private static void writePort(Path file, int port) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName() + ".", ".tmp");
            Files.writeString(tmp, port + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("BRONZE_METRICS_PORT_FILE " + file + " could not be written", e);
        }
    }

    @Override
    public void close() {
        spark.streams().removeListener(listener);
        server.close();
        latestOffsets.close();
    }
}

package dev.descheduler.localstack;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus Pushgateway (Debian's {@code prometheus-pushgateway}) on a free loopback port, for the tests of
 * the code that pushes to one. Its state stays in memory: Debian's build otherwise persists to one file under
 * /var/lib/prometheus that every Pushgateway started on the machine would share, groups of other tests included.
 */
public final class PushgatewayServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-pushgateway");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final String url;

    private PushgatewayServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Starts one, logging to {@code log}, and waits until it is ready. Without the binary the calling test is skipped
     * with the install command, except under CI, where .ci/run installs it and its absence fails the test.
     */
    public static PushgatewayServer startForTest(Path log) throws IOException, InterruptedException {
        String missing = BINARY + " not found (sudo apt-get install prometheus-pushgateway)";
        if (isCi() && !Files.isExecutable(BINARY)) {
            Assertions.fail(missing + "; CI is set, so this fails instead of skipping (.ci/run installs it)");
        }
        Assumptions.assumeTrue(Files.isExecutable(BINARY), missing + "; skipped");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(
                        BINARY.toString(), "--web.listen-address=127.0.0.1:" + port, "--persistence.file=")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PushgatewayServer server = new PushgatewayServer(process, "http://127.0.0.1:" + port);
        server.awaitReady(Duration.ofSeconds(30));
        return server;
    }

    public String url() {
        return url;
    }

    /** GET of {@code path} (e.g. {@code /metrics}) on this Pushgateway. */
    public String get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Pushgateway exited with " + process.exitValue() + " at start");
            }
            try {
                if (get("/-/ready").contains("OK")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the Pushgateway at " + url + " was not ready within " + timeout);
    }

    private static boolean isCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    @Override
    public void close() {
        process.destroy();
    }
}

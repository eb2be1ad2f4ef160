package dev.descheduler.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One server in its own child JVM, on a fixed port and data directory so that it can be stopped, killed and started
 * again with its data intact (what the chaos tests do).
 */
public abstract class ServerProcess {

    private static final String CLASSPATH_RESOURCE = "/local-stack.classpath";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final int port;
    private final Path dataDir;
    private Process process;

    ServerProcess(String name, int port, Path dataDir) {
        this.name = name;
        this.port = port;
        this.dataDir = dataDir;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolve(name.toLowerCase().replace(' ', '-') + ".log");
    }

    /** Main class and arguments of the child JVM. */
    abstract List<String> mainAndArgs() throws IOException;

    /** Runs before each launch, for example to format storage or clear a stale lock left by a kill. */
    void prepare() throws IOException {}

    /** A line the server logs once it serves requests. */
    abstract String readyMarker();

    private long logOffsetAtLaunch;

    private boolean isReady() throws IOException {
        if (!Ports.isAccepting(port) || !Files.exists(logFile())) {
            return false;
        }
        try (RandomAccessFile log = new RandomAccessFile(logFile().toFile(), "r")) {
            long length = log.length() - logOffsetAtLaunch;
            if (length <= 0) {
                return false;
            }
            byte[] fresh = new byte[(int) Math.min(length, 8 << 20)];
            log.seek(log.length() - fresh.length);
            log.readFully(fresh);
            return new String(fresh, StandardCharsets.UTF_8).contains(readyMarker());
        }
    }

    String heap() {
        return "-Xmx256m";
    }

    Duration startTimeout() {
        return Duration.ofSeconds(90);
    }

    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Ports.requireFree(port, name);
        try {
            Files.createDirectories(dataDir);
            prepare();
            logOffsetAtLaunch = Files.exists(logFile()) ? Files.size(logFile()) : 0;
            process = launch(heap(), mainAndArgs(), logFile());
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + "; log: " + logFile(), e);
        }
    }

    /** Graceful stop (SIGTERM), keeping the data. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
        awaitPortReleased();
    }

    /** Hard kill (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        afterKill();
        awaitPortReleased();
    }

    /** Cleans what a kill leaves behind (e.g. a database server process of its own). */
    void afterKill() {}

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    private void awaitReady() throws IOException {
        Instant deadline = Instant.now().plus(startTimeout());
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " during start; log " + logFile() + ":\n" + logTail());
            }
            if (isReady()) {
                return;
            }
            pause(200);
        }
        kill();
        throw new IllegalStateException(name + " was not ready after "
                + startTimeout().toSeconds() + " s; log " + logFile() + ":\n" + logTail());
    }

    private void awaitPortReleased() {
        waitUntil(() -> !Ports.isAccepting(port), Duration.ofSeconds(30));
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Launches a child JVM on the servers' classpath that exits when this JVM is gone, so no test leaks a server. */
    static Process launch(String heap, List<String> mainAndArgs, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(serverClasspath());
        command.addAll(List.of(heap, "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true"));
        command.add("dev.descheduler.localstack.server.ParentWatchingMain");
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    static String serverClasspath() throws IOException {
        String ownCode;
        try {
            ownCode = Path.of(ServerProcess.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate local-stack's own classes", e);
        }
        try (InputStream in = ServerProcess.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IOException(CLASSPATH_RESOURCE + " is missing: build local-stack with Maven first");
            }
            return ownCode + File.pathSeparator + new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }

    static boolean waitUntil(BooleanSupplier condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            pause(100);
        }
        return condition.getAsBoolean();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}

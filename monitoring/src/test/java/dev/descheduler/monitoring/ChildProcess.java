package dev.descheduler.monitoring;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process the live test starts (Prometheus, the Pushgateway, the collector, a Spark job), run from the repository
 * root as the operator scripts run it, its output in a log file of the test's folder. Closing it stops that process
 * only: SIGTERM, then SIGKILL after a grace period.
 */
final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String name, Path log, Map<String, String> env, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(GrafanaDashboard.ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new ChildProcess(name, builder.start(), log);
    }

    /** Runs a command to its end; fails with the end of its output when it exits non-zero or runs too long. */
    static String run(String name, Path log, Map<String, String> env, Duration timeout, List<String> command)
            throws Exception {
        long from = Files.exists(log) ? Files.size(log) : 0;
        try (ChildProcess job = start(name, log, env, command)) {
            if (!job.process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError(name + " did not finish within " + timeout + "; see " + log);
            }
            String output = Files.readString(log).substring((int) from);
            if (job.process.exitValue() != 0) {
                throw new AssertionError(name + " exited " + job.process.exitValue() + ":\n" + tail(output));
            }
            return output;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The end of the log, for a failure message. */
    String logTail() {
        try {
            return name + "'s log " + log + ":\n" + tail(Files.readString(log));
        } catch (IOException e) {
            return name + "'s log " + log + " unreadable: " + e;
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}

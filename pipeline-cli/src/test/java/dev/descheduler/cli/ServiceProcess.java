package dev.descheduler.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A part of the pipeline run as its own process, exactly as the operator scripts run it, with its output in a log
 * file of the test's folder.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(Path log, Map<String, String> env, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start(), log);
    }

    /** Runs a command to its end and returns its output; fails the test with that output when it exits non-zero. */
    static String run(Path log, Map<String, String> env, Duration timeout, List<String> command) throws Exception {
        long from = Files.exists(log) ? Files.size(log) : 0;
        try (ServiceProcess job = start(log, env, command)) {
            if (!job.process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not finish within " + timeout + "; see " + log);
            }
            String output = Files.readString(log).substring((int) from);
            if (job.process.exitValue() != 0) {
                throw new AssertionError(command + " exited " + job.process.exitValue() + ":\n" + tail(output));
            }
            return output;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}

package dev.descheduler.sqlendpoint;

import dev.descheduler.lakehouse.JvmOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The SQL endpoint in a child JVM, launched the way the operator scripts launch it: the JVM flags from
 * {@link JvmOptions}, the module's jar, then the runtime and provided classpath files the build wrote.
 */
final class SqlEndpointProcess {

    private final Process process;
    private final Path log;

    private SqlEndpointProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static SqlEndpointProcess start(Map<String, String> env, Path workDir, Path log) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        String classpath = String.join(
                File.pathSeparator,
                target.resolve("sql-endpoint.jar").toString(),
                Files.readString(target.resolve("classpath/runtime.classpath")).trim(),
                Files.readString(target.resolve("classpath/provided.classpath")).trim());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmOptions.list());
        command.add("-Xmx1g");
        // other Spark JVMs on this machine may hold 4040 and up
        command.add("-Dspark.ui.enabled=false");
        command.add("-cp");
        command.add(classpath);
        command.add(SqlEndpoint.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return new SqlEndpointProcess(builder.start(), log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; its exit code, or -1 when it still runs after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** SIGTERM, what `make down` sends. */
    void terminate() {
        process.destroy();
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String outputTail() {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}

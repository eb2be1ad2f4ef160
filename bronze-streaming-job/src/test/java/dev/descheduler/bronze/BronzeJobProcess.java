package dev.descheduler.bronze;

import dev.descheduler.lakehouse.JvmOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Bronze job in a child JVM, launched the way `make demo` launches it: the JVM flags from {@link JvmOptions},
 * the module's jar, then the runtime and provided classpath files the build wrote.
 */
final class BronzeJobProcess {

    private final Process process;
    private final Path log;

    private BronzeJobProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static BronzeJobProcess start(Map<String, String> env, Path log, String... args) throws IOException {
        Path target = Path.of("target");
        String classpath = String.join(
                java.io.File.pathSeparator,
                target.resolve("bronze-streaming-job.jar").toAbsolutePath().toString(),
                Files.readString(target.resolve("classpath/runtime.classpath")).trim(),
                Files.readString(target.resolve("classpath/provided.classpath")).trim());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmOptions.list());
        command.add("-Xmx768m");
        command.add("-cp");
        command.add(classpath);
        command.add(BronzeStreamingJob.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return new BronzeJobProcess(builder.start(), log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, once the job has exited by itself. */
    int awaitExit(java.time.Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the Bronze job did not exit within " + timeout + ":\n" + logTail());
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop, like a machine failure. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

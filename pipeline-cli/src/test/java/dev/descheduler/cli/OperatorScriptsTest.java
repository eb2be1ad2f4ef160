package dev.descheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator scripts under scripts/, run as `make` runs them but with every path of their own (DATA_DIR, JAVA_HOME,
 * a copy of the repository root), so they never touch `make up`'s stack: which environment wins, which java runs,
 * what a Spark job's JVM loads, and what `make status` shows. No servers: the Bronze stream's readiness is tested
 * against real servers in bronze-streaming-job's BronzeStreamingIT.
 */
class OperatorScriptsTest {

    private static final Path ROOT = ServiceProcess.ROOT;
    private static final String REAL_JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopStartedProcesses() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void theCallersEnvironmentWinsOverDotEnv() throws Exception {
        // a repository root of its own: lib.sh reads .env from the root above scripts/
        Path root = dir.resolve("repo");
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(ROOT.resolve("scripts/lib.sh"), root.resolve("scripts/lib.sh"));
        Files.writeString(
                root.resolve(".env"),
                Files.readString(ROOT.resolve(".env.example")) + "ONLY_IN_DOT_ENV=\"from .env\"\n");
        Map<String, String> env = new HashMap<>();
        env.put("DATA_DIR", dir.resolve("data").toString());
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:41234");
        env.put("MINIO_BUCKET", "");

        Result result = run(
                env,
                "bash",
                "-c",
                "source \"$0/scripts/lib.sh\"; load_env; printf '%s|%s|%s|%s|%s'"
                        + " \"$(printenv KAFKA_BOOTSTRAP_SERVERS)\" \"$MINIO_BUCKET\" \"$(printenv ONLY_IN_DOT_ENV)\""
                        + " \"$KAFKA_TOPIC\" \"$COLLECTOR_PORT\"",
                root.toString());

        assertThat(result.exit()).as(result.output()).isZero();
        // the caller's values (even an empty one) win; what only .env sets is loaded and exported
        assertThat(result.output()).isEqualTo("127.0.0.1:41234||from .env|github_events_avro|8000");
    }

    @Test
    void aSparkJobRunsTheJavaOfJavaHomeFromACopyOfItsJars() throws Exception {
        Path calls = dir.resolve("java-calls.txt");
        Path javaHome = fakeJdkRecordingCallsTo(calls);
        Path dataDir = dir.resolve("data");
        Map<String, String> env = Map.of("JAVA_HOME", javaHome.toString(), "DATA_DIR", dataDir.toString());

        // JvmOptions as the main class: the launcher's whole path with a JVM that exits at once
        Result first = run(env, "scripts/spark-job.sh", "bronze-streaming-job", "dev.descheduler.lakehouse.JvmOptions");
        Result second =
                run(env, "scripts/spark-job.sh", "bronze-streaming-job", "dev.descheduler.lakehouse.JvmOptions");

        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.output()).startsWith("-XX:+IgnoreUnrecognizedVMOptions");
        List<String> invocations = Files.readAllLines(calls);
        // per run: the JvmOptions lookup, then the job itself; both from JAVA_HOME, not from PATH
        assertThat(invocations).hasSize(4);
        Path copies = dataDir.resolve("run/jars");
        for (String invocation : invocations) {
            List<String> classpath = classpathOf(invocation);
            assertThat(classpath.get(0)).startsWith(copies.toString()).endsWith("-bronze-streaming-job.jar");
            // nothing a rebuild rewrites: no module output, no SNAPSHOT jar of the local repository
            assertThat(classpath)
                    .filteredOn(entry -> entry.startsWith(ROOT + "/") || entry.contains("-SNAPSHOT"))
                    .allMatch(entry -> entry.startsWith(copies.toString()), "under " + copies);
            assertThat(classpath).anyMatch(entry -> entry.contains("lakehouse-spark-"));
        }
        // the first run's copy went once its JVM had exited; the second one's is the only one left
        try (var left = Files.list(copies)) {
            assertThat(left.toList()).hasSize(1);
        }
    }

    @Test
    void aJavaHomeWithoutJavaIsAClearError() throws Exception {
        Path notAJdk = Files.createDirectories(dir.resolve("not-a-jdk"));
        Map<String, String> env = Map.of(
                "JAVA_HOME", notAJdk.toString(), "DATA_DIR", dir.resolve("data").toString());

        Result result =
                run(env, "scripts/spark-job.sh", "bronze-streaming-job", "dev.descheduler.lakehouse.JvmOptions");

        assertThat(result.exit()).isNotZero();
        assertThat(result.output()).startsWith("error: JAVA_HOME=" + notAJdk + " has no bin/java");
    }

    @Test
    void statusShowsEveryServiceWithItsStatePidAndPort() throws Exception {
        Path dataDir = dir.resolve("data");
        Path run = Files.createDirectories(dataDir.resolve("run"));
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        // processes and a listening socket stand in for the services: status.sh reads only pid, port and log files
        Process sqlEndpoint = sleeper();
        Process bronze = sleeper();
        Process gone = sleeper();
        gone.destroyForcibly().waitFor();
        try (ServerSocket thrift = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.writeString(run.resolve("sql-endpoint.pid"), sqlEndpoint.pid() + "\n");
            Files.writeString(run.resolve("sql-endpoint.port"), thrift.getLocalPort() + "\n");
            Files.writeString(logs.resolve("sql-endpoint.log"), "...\nsql-endpoint ready on 127.0.0.1\n");
            Files.writeString(run.resolve("bronze-stream.pid"), bronze.pid() + "\n");
            Files.writeString(logs.resolve("bronze-stream.log"), "starting Spark\n");
            Files.writeString(run.resolve("collector.pid"), gone.pid() + "\n");
            Files.writeString(run.resolve("collector.port"), "1\n");

            Result status = run(Map.of("DATA_DIR", dataDir.toString()), "scripts/status.sh");

            assertThat(status.exit()).as(status.output()).isZero();
            assertThat(status.output().lines())
                    .containsExactly(
                            "local-stack: stopped",
                            "collector: dead (pid " + gone.pid() + " is gone; see " + logs.resolve("collector.log")
                                    + ", 'make down' clears it)",
                            "sql-endpoint: running (pid " + sqlEndpoint.pid() + "), port " + thrift.getLocalPort()
                                    + " listening, log " + logs.resolve("sql-endpoint.log"),
                            "bronze-stream: starting (pid " + bronze.pid() + "), log "
                                    + logs.resolve("bronze-stream.log"),
                            "airflow-api-server: stopped",
                            "airflow-scheduler: stopped",
                            "airflow-dag-processor: stopped",
                            "airflow-triggerer: stopped",
                            "prometheus: stopped",
                            "pushgateway: stopped");
        }
    }

    private Process sleeper() throws IOException {
        Process process = new ProcessBuilder("sleep", "600").start();
        started.add(process);
        return process;
    }

    /** A JAVA_HOME whose bin/java notes its arguments and runs the real java. */
    private Path fakeJdkRecordingCallsTo(Path calls) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
        Path java = bin.resolve("java");
        Files.writeString(
                java,
                "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + calls + "'\nexec '" + REAL_JAVA + "' \"$@\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin.getParent();
    }

    private static List<String> classpathOf(String invocation) {
        List<String> words = Arrays.asList(invocation.split(" "));
        int cp = words.indexOf("-cp");
        assertThat(cp).as("-cp in %s", invocation).isNotNegative();
        return Arrays.asList(words.get(cp + 1).split(":"));
    }

    private record Result(int exit, String output) {}

    /** Runs a command from the repository root with PATH and HOME plus {@code env}, output and errors together. */
    private Result run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.keySet().retainAll(List.of("PATH", "HOME", "USER", "LANG"));
        environment.putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(List.of(command) + " did not finish within 120 s:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }
}

package dev.descheduler.cli.airflow;

import static org.awaitility.Awaitility.await;

import dev.descheduler.cli.ServiceProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Airflow 3 (api-server, scheduler, dag-processor) from the project's {@code .venv-airflow}, with a SQLite
 * metadata database and the test DAGs, under {@code target/}. Tokens expire after {@link #TOKEN_LIFETIME} so that
 * renewal can be seen.
 */
final class AirflowServer implements AutoCloseable {

    static final Duration TOKEN_LIFETIME = Duration.ofSeconds(5);
    static final String USER = "admin";

    private static final Path AIRFLOW = ServiceProcess.ROOT.resolve(".venv-airflow/bin/airflow");

    private final Path home;
    private final int port;
    private final String password;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<Process> components = new ArrayList<>();

    private AirflowServer(Path home, Path dags) throws IOException {
        this.home = home;
        this.port = ServiceProcess.freePort();
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        this.password = HexFormat.of().formatHex(secret);
        env.put("AIRFLOW_HOME", home.toString());
        env.put("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "sqlite:///" + home.resolve("airflow.db"));
        env.put("AIRFLOW__CORE__DAGS_FOLDER", dags.toString());
        env.put("AIRFLOW__CORE__EXECUTOR", "LocalExecutor");
        env.put("AIRFLOW__CORE__PARALLELISM", "2");
        env.put("AIRFLOW__CORE__LOAD_EXAMPLES", "False");
        env.put("AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION", "False");
        env.put("AIRFLOW__CORE__EXECUTION_API_SERVER_URL", "http://127.0.0.1:" + port + "/execution/");
        env.put("AIRFLOW__API__BASE_URL", "http://127.0.0.1:" + port);
        env.put("AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS", USER + ":admin");
        env.put(
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE",
                home.resolve("passwords.json").toString());
        byte[] jwtSecret = new byte[48];
        new SecureRandom().nextBytes(jwtSecret);
        env.put("AIRFLOW__API_AUTH__JWT_SECRET", HexFormat.of().formatHex(jwtSecret));
        env.put("AIRFLOW__API_AUTH__JWT_EXPIRATION_TIME", Long.toString(TOKEN_LIFETIME.toSeconds()));
        // Airflow accepts a token this long past its expiry; without shrinking it, renewal takes 10 s more to see
        env.put("AIRFLOW__API_AUTH__JWT_LEEWAY", "0");
        env.put("AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put("AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT", Integer.toString(ServiceProcess.freePort()));
        env.put("AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK", "False");
    }

    static AirflowServer start(Path home, Path dags) throws Exception {
        if (!Files.isExecutable(AIRFLOW)) {
            throw new IllegalStateException(
                    AIRFLOW + " is missing: create it with `make airflow-venv` (`make test`" + " does it first)");
        }
        deleteRecursively(home);
        Files.createDirectories(home);
        AirflowServer server = new AirflowServer(home, dags);
        Files.writeString(home.resolve("passwords.json"), "{\"" + USER + "\": \"" + server.password + "\"}");
        server.runToEnd(Duration.ofMinutes(3), "db", "migrate");
        try {
            server.launch("api-server", "--host", "127.0.0.1", "--port", Integer.toString(server.port));
            server.launch("scheduler");
            server.launch("dag-processor");
            server.awaitHealthy();
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String password() {
        return password;
    }

    Path home() {
        return home;
    }

    /** A file holding the admin password, as {@code make up} keeps one. */
    Path passwordFile() throws IOException {
        Path file = home.resolve("admin-password");
        Files.writeString(file, password + "\n");
        return file;
    }

    private void runToEnd(Duration timeout, String... args) throws Exception {
        Process process = processBuilder("airflow-" + args[0] + ".log", args).start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("airflow " + String.join(" ", args) + " did not finish within " + timeout);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("airflow " + String.join(" ", args) + " exited " + process.exitValue() + ":\n"
                    + Files.readString(home.resolve("airflow-" + args[0] + ".log")));
        }
    }

    private void launch(String... args) throws IOException {
        components.add(processBuilder("airflow-" + args[0] + ".log", args).start());
    }

    private ProcessBuilder processBuilder(String log, String... args) {
        List<String> command = new ArrayList<>(List.of(AIRFLOW.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(home.resolve(log).toFile()));
        builder.environment().putAll(env);
        return builder;
    }

    /** The api-server answers and the scheduler and dag-processor report healthy heartbeats. */
    private void awaitHealthy() {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        await("Airflow healthy at " + url())
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions()
                .until(() -> {
                    for (Process component : components) {
                        if (!component.isAlive()) {
                            throw new AssertionError("an Airflow component exited " + component.exitValue() + "; see "
                                    + home + "/airflow-*.log");
                        }
                    }
                    String health = http.send(
                                    HttpRequest.newBuilder(url().resolve("/api/v2/monitor/health"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
                    return health.contains("\"scheduler\":{\"status\":\"healthy\"")
                            && health.contains("\"dag_processor\":{\"status\":\"healthy\"");
                });
    }

    /**
     * SIGTERM, then SIGKILL for what is left: the scheduler does not exit on SIGTERM while its LocalExecutor workers
     * idle, and the workers are its children.
     */
    @Override
    public void close() {
        List<ProcessHandle> everything = new ArrayList<>();
        for (Process component : components) {
            everything.addAll(component.descendants().toList());
            everything.add(component.toHandle());
        }
        everything.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (ProcessHandle handle : everything) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception stillRunning) {
                handle.destroyForcibly();
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path each : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}

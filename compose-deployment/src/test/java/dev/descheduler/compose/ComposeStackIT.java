package dev.descheduler.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descheduler.cli.airflow.AirflowClient;
import dev.descheduler.cli.airflow.AirflowConnection;
import dev.descheduler.cli.airflow.AirflowException;
import dev.descheduler.cli.airflow.DagRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The whole stack on Docker: {@code docker compose up} of this repository's compose file (images built from this
 * checkout), real GH Archive events posted to the collector, {@code github_events_pipeline} triggered through the
 * Java Airflow client, and Gold read through the SQL endpoint. Docker only: where no Docker engine answers, JUnit
 * reports this class as skipped ("disabledWithoutDocker") and the module's static tests still run.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackIT {

    private static final String DAG = "github_events_pipeline";
    private static final int EVENTS = 2_000;
    /** The host ports the stack publishes: free ones here, so a developer's running `make up` does not collide. */
    private static final Map<String, Integer> PORTS = freePorts(
            "COLLECTOR_PORT",
            "KAFKA_PORT",
            "S3_PORT",
            "POSTGRES_PORT",
            "SPARK_THRIFT_PORT",
            "AIRFLOW_PORT",
            "PROMETHEUS_PORT",
            "PUSHGATEWAY_PORT",
            "GRAFANA_PORT",
            "NOTEBOOK_PORT",
            "SPARK_MASTER_UI_PORT");

    private static final Map<String, String> ENV = environment();

    @Container
    static final ComposeContainer STACK = new ComposeContainer(Project.COMPOSE_FILE.toFile())
            .withLocalCompose(true)
            .withBuild(true)
            .withEnv(ENV)
            // a first build compiles every module and installs Airflow and dbt: give it time
            .waitingFor("collector", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(40)))
            .waitingFor("sql-endpoint", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(40)))
            .waitingFor("bronze-stream", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(40)))
            .waitingFor("airflow-scheduler", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(40)))
            .waitingFor("airflow-dag-processor", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(40)));

    @Test
    void eventsPostedToTheCollectorReachGoldThroughAirflow() throws Exception {
        Set<String> posted = postEvents(readEvents(EVENTS));
        assertThat(posted).hasSizeGreaterThan(EVENTS / 2);

        String jdbcUrl = "jdbc:hive2://127.0.0.1:" + PORTS.get("SPARK_THRIFT_PORT") + "/default";
        // the Bronze stream lands every accepted event before the run starts, so its Silver task sees all of them
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> count(jdbcUrl, "SELECT count(DISTINCT id) FROM bronze.github_events") == posted.size());

        AirflowClient airflow = new AirflowClient(new AirflowConnection(
                URI.create("http://127.0.0.1:" + PORTS.get("AIRFLOW_PORT")),
                "admin",
                ENV.get("AIRFLOW_ADMIN_PASSWORD")));
        // the DAG processor parses the DAG file shortly after its start; until then Airflow answers "unknown DAG"
        DagRun triggered = await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(10))
                .ignoreException(AirflowException.class)
                .until(() -> airflow.trigger(DAG, "compose-stack-it-" + System.currentTimeMillis(), null), run -> true);
        // the Bronze stream lands the events continuously; a run the asset watcher started first runs before ours
        DagRun finished = await().atMost(Duration.ofMinutes(45))
                .pollInterval(Duration.ofSeconds(15))
                .until(() -> airflow.run(DAG, triggered.runId()), DagRun::finished);
        assertThat(finished.state())
                .as("run %s: %s", finished.runId(), airflow.tasks(DAG, finished.runId()))
                .isEqualTo("success");

        // Silver holds one row per GitHub event id, and Gold counts each of them once
        assertThat(count(jdbcUrl, "SELECT count(*) FROM silver.github_events")).isEqualTo(posted.size());
        assertThat(count(jdbcUrl, "SELECT sum(events) FROM gold.fct_event_type_hourly"))
                .isEqualTo(posted.size());
        assertThat(count(jdbcUrl, "SELECT count(*) FROM gold.dim_actors")).isPositive();
    }

    /** The first {@code limit} events of the GH Archive sample in ../shared/data, as JSON lines. */
    private static List<String> readEvents(int limit) throws IOException {
        Path data = Path.of(System.getProperty("gharchive.data.dir", "../../shared/data"));
        Path file = data.resolve("gharchive-2015-01-01-0.ndjson.gz");
        assertThat(file).as("the GH Archive sample (../shared/data)").isRegularFile();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while (lines.size() < limit && (line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /** Posts the events in batches of 100 to POST /collect/batch; answers the GitHub ids the collector accepted. */
    private static Set<String> postEvents(List<String> events) throws Exception {
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        Set<String> accepted = new HashSet<>();
        for (int from = 0; from < events.size(); from += 100) {
            List<String> batch = events.subList(from, Math.min(from + 100, events.size()));
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + PORTS.get("COLLECTOR_PORT") + "/collect/batch"))
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", batch)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
            for (JsonNode item : json.readTree(response.body()).path("accepted")) {
                accepted.add(json.readTree(batch.get(item.path("index").asInt()))
                        .path("id")
                        .asText());
            }
        }
        return accepted;
    }

    private static long count(String jdbcUrl, String query) throws Exception {
        try (Connection sql = DriverManager.getConnection(jdbcUrl, "compose-it", "");
                Statement statement = sql.createStatement();
                ResultSet rows = statement.executeQuery(query)) {
            assertThat(rows.next()).as(query).isTrue();
            return rows.getLong(1);
        }
    }

    /**
     * What a user puts into .env: .env.example with every required secret replaced by a random value (the
     * placeholders must never run anywhere) and the host ports moved to free ones. The variables reach compose through
     * its environment, which wins over any .env in the checkout.
     */
    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(Project.envExample());
        SecureRandom random = new SecureRandom();
        for (String secret : Project.checks().requiredSecrets()) {
            byte[] bytes = new byte[40];
            random.nextBytes(bytes);
            env.put(secret, HexFormat.of().formatHex(bytes));
        }
        PORTS.forEach((name, port) -> env.put(name, Integer.toString(port)));
        return env;
    }

    private static Map<String, Integer> freePorts(String... names) {
        Map<String, Integer> ports = new HashMap<>();
        for (String name : names) {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                ports.put(name, socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ports;
    }
}

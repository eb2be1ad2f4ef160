package dev.descheduler.sqlendpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.descheduler.localstack.LocalStack;
import dev.descheduler.localstack.LocalStackExtension;
import dev.descheduler.localstack.LocalStackServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The endpoint in its own JVM over a real PostgreSQL catalog and S3 server, queried with Hive's JDBC driver the way
 * dbt-spark (thrift), Jupyter and beeline query it.
 */
@ExtendWith(LocalStackExtension.class)
@LocalStackServers({LocalStack.Server.S3, LocalStack.Server.POSTGRES})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqlEndpointIT {

    private static final Path MODULE = Path.of("").toAbsolutePath();

    private static Map<String, String> env;
    private static Path workDir;
    private static SqlEndpointProcess endpoint;
    private static Connection connection;

    @BeforeAll
    static void startEndpoint(LocalStack stack) throws Exception {
        Path base = Files.createDirectories(MODULE.resolve("target/sql-endpoint-it"));
        Path runDir = Files.createTempDirectory(base, "run-");
        workDir = Files.createDirectories(runDir.resolve("cwd"));
        env = new HashMap<>(stack.env());
        env.put("SPARK_THRIFT_PORT", Integer.toString(freePort()));
        env.put("SQL_ENDPOINT_DATA_DIR", runDir.resolve("data").toString());
        endpoint = SqlEndpointProcess.start(env, workDir, runDir.resolve("endpoint.log"));
        await("the SQL endpoint")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(endpoint.isAlive())
                            .as("endpoint exited:\n%s", endpoint.outputTail())
                            .isTrue();
                    return endpoint.output().contains("sql-endpoint ready: " + jdbcUrl());
                });
        connection = DriverManager.getConnection(jdbcUrl(), "it", "");
    }

    @AfterAll
    static void stopEndpoint() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (endpoint != null && endpoint.isAlive()) {
            endpoint.kill();
        }
    }

    @Test
    @Order(1)
    void listsEveryLayerAndTheDefaultNamespace() throws SQLException {
        assertThat(column("SHOW DATABASES", 1)).contains("bronze", "silver", "gold", "default");
    }

    @Test
    @Order(2)
    void runsWhatDbtRunsOnIcebergTables() throws SQLException {
        try (Statement sql = connection.createStatement()) {
            // two-part names: the Iceberg catalog is the session's default catalog
            sql.execute(
                    "CREATE TABLE gold.repo_activity USING iceberg AS"
                            + " SELECT * FROM VALUES (1, 'apache/spark', 10), (2, 'apache/iceberg', 20) AS t(id, repo, events)");
            assertThat(rows("SELECT id, repo, events FROM gold.repo_activity ORDER BY id"))
                    .containsExactly("1|apache/spark|10", "2|apache/iceberg|20");

            sql.execute("MERGE INTO gold.repo_activity t"
                    + " USING (SELECT * FROM VALUES (2, 'apache/iceberg', 25), (3, 'dbt-labs/dbt-core', 7)"
                    + " AS s(id, repo, events)) s ON t.id = s.id"
                    + " WHEN MATCHED THEN UPDATE SET t.events = s.events"
                    + " WHEN NOT MATCHED THEN INSERT *");
            assertThat(rows("SELECT id, repo, events FROM gold.repo_activity ORDER BY id"))
                    .containsExactly("1|apache/spark|10", "2|apache/iceberg|25", "3|dbt-labs/dbt-core|7");

            sql.execute("CREATE OR REPLACE VIEW gold.busy_repos AS"
                    + " SELECT repo FROM gold.repo_activity WHERE events >= 10");
            sql.execute("CREATE OR REPLACE VIEW gold.busy_repos AS"
                    + " SELECT repo FROM gold.repo_activity WHERE events >= 20");
            assertThat(rows("SELECT repo FROM gold.busy_repos")).containsExactly("apache/iceberg");
        }

        Map<String, String> described = new HashMap<>();
        try (Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery("DESCRIBE TABLE EXTENDED gold.repo_activity")) {
            while (rs.next()) {
                described.put(
                        rs.getString(1).trim(),
                        rs.getString(2) == null ? "" : rs.getString(2).trim());
            }
        }
        assertThat(described).containsKeys("id", "repo", "events").containsEntry("Provider", "iceberg");
        assertThat(described.get("Location")).startsWith("s3://" + env.get("MINIO_BUCKET") + "/lakehouse/gold/");

        assertThat(column("SHOW TABLES IN gold", 2)).contains("repo_activity");
    }

    @Test
    @Order(3)
    void answersNotFoundForAMissingTableAndKeepsServing() throws SQLException {
        assertThatThrownBy(() -> rows("SELECT * FROM silver.no_such_table"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("TABLE_OR_VIEW_NOT_FOUND")
                .hasMessageContaining("no_such_table");

        assertThat(rows("SELECT 1 + 1")).containsExactly("2");
    }

    @Test
    @Order(4)
    void opensAShellThatRunsAStatement() throws Exception {
        Shell shell = sqlShell(env.get("SPARK_THRIFT_PORT"), "-e", "SELECT 40 + 2 AS answer");

        assertThat(shell.exitCode()).as(shell.output()).isZero();
        assertThat(shell.output()).contains("answer").containsPattern("\\|\\s+42\\s+\\|");
    }

    @Test
    @Order(5)
    void shellRunsSeveralStatementsQuietlyAndFailsOnABadOne() throws Exception {
        String port = env.get("SPARK_THRIFT_PORT");
        // how scripts/demo.sh calls it
        Shell quiet = sqlShell(
                port, "--silent=true", "--outputformat=table", "-e", "SELECT 'first' AS a; SELECT 'second' AS b;");

        assertThat(quiet.exitCode()).as(quiet.output()).isZero();
        assertThat(quiet.output()).contains("first", "second").doesNotContain("Connecting to");

        Shell failing = sqlShell(port, "-e", "SELECT * FROM silver.no_such_table");

        assertThat(failing.exitCode()).isNotZero();
        assertThat(failing.output()).contains("TABLE_OR_VIEW_NOT_FOUND");
    }

    @Test
    @Order(6)
    void shellSaysWhenNoEndpointListens() throws Exception {
        Shell shell = sqlShell(Integer.toString(freePort()), "-e", "SELECT 1");

        assertThat(shell.exitCode()).isNotZero();
        assertThat(shell.output()).contains("error: no SQL endpoint listens on 127.0.0.1:");
    }

    @Test
    @Order(7)
    void refusesASecondEndpointOnTheSamePort() throws Exception {
        Path secondDir = Files.createDirectories(workDir.resolveSibling("second"));
        SqlEndpointProcess second = SqlEndpointProcess.start(env, secondDir, secondDir.resolve("endpoint.log"));
        try {
            int exitCode = second.awaitExit(Duration.ofSeconds(30));

            assertThat(exitCode).as(second.outputTail()).isEqualTo(1);
            assertThat(second.output())
                    .contains("sql-endpoint failed: port " + env.get("SPARK_THRIFT_PORT")
                            + " on 127.0.0.1 is already in use")
                    .contains("set SPARK_THRIFT_PORT to a free port")
                    // it failed before starting Spark, not after
                    .doesNotContain("sql-endpoint ready");
        } finally {
            second.kill();
        }
        assertThat(rows("SELECT 1")).as("the first endpoint still serves").containsExactly("1");
    }

    @Test
    @Order(8)
    void keepsServingEverySessionWhenAnotherCloses() throws Exception {
        Path resources = Path.of(env.get("SQL_ENDPOINT_DATA_DIR")).resolve("resources");
        // dbt with several threads opens and closes a session per model while the others run
        try (Connection first = DriverManager.getConnection(jdbcUrl(), "it", "")) {
            List<Path> before;
            try (Connection second = DriverManager.getConnection(jdbcUrl(), "it", "")) {
                assertThat(valueOf(second, "SELECT 2")).isEqualTo("2");
                before = sessionFolders(resources);
                assertThat(before).as("one resources folder per open session").hasSizeGreaterThanOrEqualTo(3);
            }
            List<Path> after = sessionFolders(resources);
            assertThat(after).as("only the closed session's folder is gone").hasSize(before.size() - 1);
            assertThat(valueOf(first, "SELECT 1")).isEqualTo("1");
            try (Connection third = DriverManager.getConnection(jdbcUrl(), "it", "")) {
                assertThat(valueOf(third, "SELECT 3")).isEqualTo("3");
            }
        }
        assertThat(rows("SELECT 1 + 1")).containsExactly("2");
    }

    @Test
    @Order(9)
    void stopsOnSigtermWithinSecondsLeavingNothingInItsWorkingDirectory() throws Exception {
        connection.close();
        endpoint.terminate();

        int exitCode = endpoint.awaitExit(Duration.ofSeconds(20));

        assertThat(exitCode).as(endpoint.outputTail()).isEqualTo(143);
        assertThat(endpoint.output()).contains("sql-endpoint stopping");
        assertThat(isAccepting(Integer.parseInt(env.get("SPARK_THRIFT_PORT")))).isFalse();
        try (var files = Files.list(workDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("derby.log, metastore_db or spark-warehouse in the working directory")
                    .isEmpty();
        }
    }

    private static List<Path> sessionFolders(Path resources) throws IOException {
        if (!Files.isDirectory(resources)) {
            return List.of();
        }
        try (var folders = Files.list(resources)) {
            return folders.filter(Files::isDirectory).toList();
        }
    }

    private static String valueOf(Connection session, String query) throws SQLException {
        try (Statement sql = session.createStatement();
                ResultSet rs = sql.executeQuery(query)) {
            assertThat(rs.next()).as("a row from %s", query).isTrue();
            return rs.getString(1);
        }
    }

    private static String jdbcUrl() {
        return "jdbc:hive2://127.0.0.1:" + env.get("SPARK_THRIFT_PORT") + "/default";
    }

    private static List<String> rows(String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    private static List<String> column(String query, int column) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(column));
            }
        }
        return values;
    }

    private record Shell(int exitCode, String output) {}

    private static Shell sqlShell(String port, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(MODULE.resolveSibling("scripts").resolve("sql.sh").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SPARK_THRIFT_PORT", port);
        // the script's bookkeeping folders go under target/, not the project's .data
        builder.environment()
                .put("DATA_DIR", MODULE.resolve("target/sql-endpoint-it/data").toString());
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Shell(process.waitFor(), output);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean isAccepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

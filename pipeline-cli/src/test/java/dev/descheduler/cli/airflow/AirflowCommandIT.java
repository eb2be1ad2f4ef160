package dev.descheduler.cli.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descheduler.cli.PipelineCli;
import dev.descheduler.cli.ServiceProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code pipeline-cli airflow …} against a real Airflow 3 api-server, scheduler and dag-processor, with the test
 * DAGs of {@code src/test/resources/airflow-dags}: one that succeeds, one whose {@code silver} task fails, one that
 * does not import.
 */
class AirflowCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1: the JDK client's default h2c upgrade on a POST makes uvicorn answer "Invalid HTTP request"
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static AirflowServer airflow;
    private static Path passwordFile;

    @BeforeAll
    static void start() throws Exception {
        airflow = AirflowServer.start(
                Path.of("target/airflow-it").toAbsolutePath(),
                Path.of("src/test/resources/airflow-dags").toAbsolutePath());
        passwordFile = airflow.passwordFile();
        // the dag-processor has parsed every file: the two DAGs exist and the broken file is an import error
        await("test DAGs parsed")
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> cli("runs", "cli_succeeds").exitCode == 0
                        && cli("runs", "cli_fails").exitCode == 0
                        && cli("trigger", "cli_broken").err.contains("import errors"));
    }

    @AfterAll
    static void stop() {
        if (airflow != null) {
            airflow.close();
        }
    }

    @Test
    void trigger_wait_follows_a_run_to_success_and_exits_0() {
        Run run = cli("trigger", "cli_succeeds", "--wait", "--poll=PT1S", "--timeout=PT3M", "--conf", "{\"k\": 1}");

        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("triggered cli_succeeds run manual__", "succeeded");
        assertThat(run.out).contains(airflow.url() + "/dags/cli_succeeds/runs/");
        String runId = run.out.split("run ", 2)[1].split(" ", 2)[0];

        Run tasks = cli("tasks", "cli_succeeds", runId);
        assertThat(tasks.exitCode).isZero();
        assertThat(tasks.out).containsPattern("extract\\s+success").containsPattern("load\\s+success");
        Run status = cli("status", "cli_succeeds");
        assertThat(status.out).contains("cli_succeeds run " + runId + ": success");
        assertThat(cli("logs", "cli_succeeds", runId, "load").out).contains("loaded");
    }

    @Test
    void a_run_whose_task_fails_exits_1_and_names_the_failed_task() {
        Run run = cli("trigger", "cli_fails", "--wait", "--poll=PT1S", "--timeout=PT3M");

        assertThat(run.exitCode).as(run.toString()).isEqualTo(AirflowCommand.RUN_FAILED);
        // gold never ran (upstream_failed): only silver is to blame
        assertThat(run.err).contains("failed; failed tasks: silver\n");
        String runId = run.out.split("run ", 2)[1].split(" ", 2)[0];
        assertThat(cli("tasks", "cli_fails", runId).out)
                .containsPattern("bronze\\s+success")
                .containsPattern("silver\\s+failed")
                .containsPattern("gold\\s+upstream_failed");
        assertThat(cli("logs", "cli_fails", runId, "silver").out).contains("TABLE_OR_VIEW_NOT_FOUND");
    }

    @Test
    void an_unknown_dag_is_refused_with_the_known_ones_and_exit_3() {
        Run run = cli("trigger", "no_such_dag", "--wait");

        assertThat(run.exitCode).isEqualTo(AirflowCommand.REFUSED);
        assertThat(run.err)
                .startsWith("error: unknown DAG 'no_such_dag': Airflow has no DAG with that id (known: ")
                .contains("cli_succeeds")
                .doesNotContain("Exception", "\tat ");
        assertThat(run.err.lines()).hasSize(1);
    }

    @Test
    void a_dag_whose_file_does_not_import_is_refused_with_the_import_error() {
        Run run = cli("trigger", "cli_broken");

        assertThat(run.exitCode).isEqualTo(AirflowCommand.REFUSED);
        assertThat(run.err)
                .contains(
                        "DAG 'cli_broken' is not loaded: its file has import errors:",
                        "cli_broken.py: RuntimeError: cli_broken.py is broken on purpose");
    }

    @Test
    void a_run_id_already_taken_is_refused_with_409() {
        assertThat(cli("trigger", "cli_succeeds", "--run-id=nightly-1").exitCode)
                .isZero();

        Run again = cli("trigger", "cli_succeeds", "--run-id=nightly-1");

        assertThat(again.exitCode).isEqualTo(AirflowCommand.REFUSED);
        assertThat(again.err).contains("DAG 'cli_succeeds' already has a run with id 'nightly-1'", "HTTP 409");
    }

    @Test
    void a_conf_that_is_not_a_json_object_is_refused_before_anything_runs() {
        Run run = cli("trigger", "cli_succeeds", "--conf", "[1, 2]");

        assertThat(run.exitCode).isEqualTo(AirflowCommand.REFUSED);
        assertThat(run.err).contains("expected a JSON object", "[1, 2]");
    }

    @Test
    void a_wrong_password_is_refused_with_401_and_says_what_to_check() throws Exception {
        Path wrong = airflow.home().resolve("wrong-password");
        java.nio.file.Files.writeString(wrong, "not-the-password");

        Run run = cliWith(wrong, airflow.url(), "runs", "cli_succeeds");

        assertThat(run.exitCode).isEqualTo(AirflowCommand.REFUSED);
        assertThat(run.err)
                .isEqualTo("error: Airflow at " + airflow.url() + " refused the credentials of user"
                        + " 'admin' (HTTP 401): check the password (--password-file, AIRFLOW_PASSWORD; `make status` prints"
                        + " the local one)\n");
    }

    @Test
    void airflow_not_running_is_named_with_its_url() throws Exception {
        URI nothing = URI.create("http://127.0.0.1:" + ServiceProcess.freePort());

        Run run = cliWith(passwordFile, nothing, "status", "cli_succeeds");

        assertThat(run.exitCode).isEqualTo(AirflowCommand.REFUSED);
        assertThat(run.err)
                .startsWith("error: Airflow is not reachable at " + nothing + " (")
                .contains("make up");
    }

    @Test
    void pause_and_unpause_change_what_airflow_reports() throws Exception {
        assertThat(cli("pause", "cli_fails").out).isEqualTo("cli_fails paused\n");
        assertThat(isPaused("cli_fails")).isTrue();

        assertThat(cli("unpause", "cli_fails").out).isEqualTo("cli_fails unpaused\n");
        assertThat(isPaused("cli_fails")).isFalse();
    }

    @Test
    void an_expired_token_is_renewed_without_the_caller_noticing() throws Exception {
        AirflowClient client =
                new AirflowClient(new AirflowConnection(airflow.url(), AirflowServer.USER, airflow.password()));
        client.trigger("cli_succeeds", "renewal-check", null); // signs in: the client now holds a token
        String tokenOfThatTime = token();
        await("a token of that time refused")
                .atMost(AirflowServer.TOKEN_LIFETIME.multipliedBy(6))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> status(tokenOfThatTime) == 401);

        // its token is at least as old as the refused one: this call gets a 401, renews, and repeats
        assertThat(client.run("cli_succeeds", "renewal-check").runId()).isEqualTo("renewal-check");
    }

    /** Read back through a route the command did not use: the DAG itself. */
    private static boolean isPaused(String dagId) throws Exception {
        HttpResponse<String> dag = HTTP.send(
                HttpRequest.newBuilder(airflow.url().resolve("/api/v2/dags/" + dagId))
                        .header("Authorization", "Bearer " + token())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(dag.body()).path("is_paused").asBoolean();
    }

    private static String token() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(airflow.url().resolve("/auth/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + AirflowServer.USER
                                + "\", \"password\": \"" + airflow.password() + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private static int status(String token) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(airflow.url().resolve("/api/v2/dags"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static Run cli(String... args) {
        return cliWith(passwordFile, airflow.url(), args);
    }

    private static Run cliWith(Path password, URI url, String... args) {
        List<String> full = new ArrayList<>(List.of("airflow", args[0]));
        full.add("--url=" + url);
        full.add("--password-file=" + password);
        full.addAll(List.of(args).subList(1, args.length));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PipelineCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(full.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {}
}

package dev.descheduler.cli.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's own logic against scripted answers; {@code AirflowCommandIT} runs it against a real Airflow. */
class AirflowClientTest {

    private static final String RUN =
            """
            {"dag_id": "d", "dag_run_id": "r1", "state": "running", "run_type": "manual"}""";

    private final MockWebServer server = new MockWebServer();
    private AirflowClient client;

    @BeforeEach
    void start() throws IOException {
        server.start();
        URI url = server.url("/").uri();
        client = new AirflowClient(
                new AirflowConnection(url, "admin", "secret"),
                new TransientFailureRetry(2, Duration.ZERO, duration -> {}));
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void an_expired_token_is_renewed_once_and_the_call_repeated() throws Exception {
        server.enqueue(token("first"));
        server.enqueue(new MockResponse().setResponseCode(401).setBody("{\"detail\": \"Token expired\"}"));
        server.enqueue(token("second"));
        server.enqueue(new MockResponse().setBody(RUN));

        DagRun run = client.run("d", "r1");

        assertThat(run.state()).isEqualTo("running");
        RecordedRequest login = server.takeRequest();
        assertThat(login.getPath()).isEqualTo("/auth/token");
        assertThat(login.getBody().readUtf8()).contains("\"username\":\"admin\"", "\"password\":\"secret\"");
        assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer first");
        assertThat(server.takeRequest().getPath()).isEqualTo("/auth/token");
        assertThat(server.takeRequest().getHeader("Authorization")).isEqualTo("Bearer second");
    }

    @Test
    void a_token_refused_right_after_renewal_is_reported_not_retried_forever() {
        server.enqueue(token("first"));
        server.enqueue(new MockResponse().setResponseCode(401).setBody("{\"detail\": \"Invalid token\"}"));
        server.enqueue(token("second"));
        server.enqueue(new MockResponse().setResponseCode(401).setBody("{\"detail\": \"Invalid token\"}"));

        assertThatThrownBy(() -> client.run("d", "r1"))
                .isInstanceOf(AirflowException.class)
                .hasMessageContaining("refused the token of user 'admin' even after renewing it")
                .hasMessageContaining("Invalid token");
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void the_token_is_fetched_once_for_many_calls() throws Exception {
        server.enqueue(token("only"));
        server.enqueue(new MockResponse().setBody(RUN));
        server.enqueue(new MockResponse().setBody(RUN));

        client.run("d", "r1");
        client.run("d", "r1");

        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void trigger_sends_a_null_logical_date_and_the_conf() throws Exception {
        server.enqueue(token("t"));
        server.enqueue(new MockResponse().setBody("{\"dag_id\": \"d\", \"has_import_errors\": false}"));
        server.enqueue(new MockResponse().setBody(RUN));

        client.trigger("d", "r1", new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"k\": 1}"));

        server.takeRequest();
        server.takeRequest();
        RecordedRequest trigger = server.takeRequest();
        assertThat(trigger.getPath()).isEqualTo("/api/v2/dags/d/dagRuns");
        assertThat(trigger.getBody().readUtf8())
                .isEqualTo("{\"logical_date\":null,\"dag_run_id\":\"r1\",\"conf\":{\"k\":1}}");
    }

    @Test
    void a_validation_error_lists_each_problem_with_its_field() {
        server.enqueue(token("t"));
        server.enqueue(new MockResponse().setBody("{\"dag_id\": \"d\", \"has_import_errors\": false}"));
        server.enqueue(
                new MockResponse()
                        .setResponseCode(422)
                        .setBody(
                                """
                {"detail": [{"type": "dict_type", "loc": ["body", "conf"], "msg": "Input should be a valid dictionary"}]}
                """));

        assertThatThrownBy(() -> client.trigger("d", null, null))
                .isInstanceOf(AirflowException.class)
                .hasMessage("Airflow refused the run's settings for DAG 'd' (HTTP 422: body.conf: Input should be a"
                        + " valid dictionary)");
    }

    @Test
    void a_dag_with_import_errors_is_named_with_the_error_instead_of_not_found() {
        server.enqueue(token("t"));
        server.enqueue(new MockResponse()
                .setResponseCode(404)
                .setBody("{\"detail\": \"Dag with dag_id: 'broken' not found\"}"));
        server.enqueue(
                new MockResponse()
                        .setBody(
                                """
                {"import_errors": [{"filename": "/dags/broken.py", "stack_trace": "Traceback...\\n  File x\\nNameError: name 'oops' is not defined\\n"}],
                 "total_entries": 1}"""));

        assertThatThrownBy(() -> client.trigger("broken", null, null))
                .isInstanceOf(AirflowException.class)
                .hasMessage("DAG 'broken' is not loaded: its file has import errors: /dags/broken.py: NameError: name"
                        + " 'oops' is not defined");
    }

    private static MockResponse token(String value) {
        return new MockResponse().setResponseCode(201).setBody("{\"access_token\": \"" + value + "\"}");
    }
}

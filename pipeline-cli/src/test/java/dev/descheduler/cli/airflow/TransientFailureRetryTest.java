package dev.descheduler.cli.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransientFailureRetryTest {

    private final List<Duration> pauses = new ArrayList<>();
    private final MockWebServer server = new MockWebServer();
    private OkHttpClient http;

    @BeforeEach
    void start() throws IOException {
        server.start();
        http = new OkHttpClient.Builder()
                .addInterceptor(new TransientFailureRetry(3, Duration.ofMillis(100), pauses::add))
                .retryOnConnectionFailure(false)
                .build();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    @Test
    void a_5xx_is_retried_with_doubling_pauses_until_it_succeeds() throws IOException {
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(502));
        server.enqueue(new MockResponse().setBody("{}"));

        try (Response response = call()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void the_last_5xx_goes_back_to_the_caller_when_the_attempts_are_used_up() throws IOException {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse().setResponseCode(500));
        }
        try (Response response = call()) {
            assertThat(response.code()).isEqualTo(500);
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void a_4xx_is_airflows_answer_and_is_not_retried() throws IOException {
        server.enqueue(new MockResponse().setResponseCode(404));
        server.enqueue(new MockResponse().setBody("{}"));

        try (Response response = call()) {
            assertThat(response.code()).isEqualTo(404);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void a_connection_dropped_mid_answer_is_retried() throws IOException {
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(new MockResponse().setBody("{}"));

        try (Response response = call()) {
            assertThat(response.code()).isEqualTo(200);
        }
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void a_refused_connection_fails_at_once_because_nothing_listens() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Request request = new Request.Builder()
                .url("http://127.0.0.1:" + closedPort + "/api/v2/dags")
                .build();

        assertThatThrownBy(() -> http.newCall(request).execute()).isInstanceOf(ConnectException.class);
        assertThat(pauses).isEmpty();
    }

    private Response call() throws IOException {
        return http.newCall(
                        new Request.Builder().url(server.url("/api/v2/dags")).build())
                .execute();
    }
}

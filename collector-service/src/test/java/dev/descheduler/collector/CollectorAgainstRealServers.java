package dev.descheduler.collector;

import dev.descheduler.localstack.LocalStack;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The collector application on a random port, wired to a real Kafka broker and S3 server that each test class gets
 * fresh (classes run one after the other). Subclasses add their own timings and limits with a
 * {@code @DynamicPropertySource} of their own, and stop or start the servers through {@link #stack}.
 *
 * <p>Each class's application context is closed when the class ends ({@link DirtiesContext}), before its servers
 * stop: {@link Servers} is registered ahead of Spring's extension, so its after-all callback runs after Spring's. A
 * cached context would otherwise keep its batch worker and replayer running against servers that are gone.
 */
@ExtendWith(CollectorAgainstRealServers.Servers.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class CollectorAgainstRealServers {

    static CollectorTestStack servers;
    static LocalStack stack;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    /** A client of this class's collector. */
    WebTestClient web() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** The collector's {@code /metrics} page, as Prometheus scrapes it. */
    String metricsPage() {
        return getOk("/metrics");
    }

    /** The body of a GET of {@code path}, asserting it answered 200. */
    String getOk(String path) {
        return web().get()
                .uri(path)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    @DynamicPropertySource
    static void realServers(DynamicPropertyRegistry properties) {
        servers.register(properties);
    }

    /** Starts the servers before Spring builds the context and stops them after Spring closed it. */
    static final class Servers implements BeforeAllCallback, AfterAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            servers = CollectorTestStack.start("collector-it");
            stack = servers.servers();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            servers.stop();
        }
    }
}

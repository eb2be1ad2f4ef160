package dev.descheduler.collector;

import dev.descheduler.localstack.LocalStack;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The collector application on a random port, wired to a real Kafka broker and S3 server that each test class gets
 * fresh (classes run one after the other). Subclasses add their own timings and limits with a
 * {@code @DynamicPropertySource} of their own, and stop or start the servers through {@link #stack}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class CollectorAgainstRealServers {

    static CollectorTestStack servers;
    static LocalStack stack;

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @BeforeAll
    static void startServers() throws IOException {
        servers = CollectorTestStack.start("collector-it");
        stack = servers.servers();
    }

    @AfterAll
    static void stopServers() {
        servers.stop();
    }

    @DynamicPropertySource
    static void realServers(DynamicPropertyRegistry properties) {
        servers.register(properties);
    }
}

package dev.descheduler.collector.health;

import static org.awaitility.Awaitility.await;

import dev.descheduler.collector.config.CollectorProperties.AckMode;
import dev.descheduler.collector.pipeline.PipelineFixture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.reactive.server.WebTestClient;

/** /health/liveness against a real pipeline and replayer whose threads a test kills. */
class LivenessTest {

    @TempDir
    Path root;

    @Test
    void livenessFailsOnceTheBatchWorkerHasDied() throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(root, AckMode.DURABLE, 100, 1 << 20)) {
            fixture.pipeline.start();
            fixture.replayer.start();
            WebTestClient web = healthClient(fixture);
            web.get()
                    .uri("/health/liveness")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("alive");

            Thread worker = aliveThread("batch-worker");
            // an interrupt ends the worker's loop: the thread is gone, as after any fatal error in it
            worker.interrupt();
            worker.join(Duration.ofSeconds(10).toMillis());

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> web.get()
                    .uri("/health/liveness")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("dead")
                    .jsonPath("$.batch_worker")
                    .isEqualTo("stopped")
                    .jsonPath("$.replayer")
                    .isEqualTo("running"));
        }
    }

    @Test
    void livenessFailsOnceOneOfTheDeliveryWorkersHasDied() throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(root, AckMode.DURABLE, 100, 1 << 20)) {
            fixture.pipeline.start();
            fixture.replayer.start();
            WebTestClient web = healthClient(fixture);
            web.get().uri("/health/liveness").exchange().expectStatus().isOk();

            // the fixture runs the default two; one left would still deliver, but slower than configured
            Thread worker = aliveThread("delivery-2");
            worker.interrupt();
            worker.join(Duration.ofSeconds(10).toMillis());

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> web.get()
                    .uri("/health/liveness")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectBody()
                    .jsonPath("$.batch_worker")
                    .isEqualTo("stopped"));
        }
    }

    @Test
    void livenessFailsOnceTheReplayerHasStopped() throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(root, AckMode.MEMORY, 100, 1 << 20)) {
            fixture.pipeline.start();
            fixture.replayer.start();
            WebTestClient web = healthClient(fixture);
            web.get().uri("/health/liveness").exchange().expectStatus().isOk();

            fixture.replayer.close();

            web.get()
                    .uri("/health/liveness")
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectBody()
                    .jsonPath("$.replayer")
                    .isEqualTo("stopped");
        }
    }

    private static WebTestClient healthClient(PipelineFixture fixture) {
        return WebTestClient.bindToRouterFunction(new HealthRoutes()
                        .healthRouter(
                                fixture.settings,
                                fixture.pipeline,
                                fixture.spill,
                                fixture.fallback,
                                fixture.kafkaState,
                                fixture.replayer))
                .build();
    }

    private static Thread aliveThread(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no live thread named " + name));
    }
}

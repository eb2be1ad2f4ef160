package dev.descheduler.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.collector.config.CollectorProperties;
import dev.descheduler.collector.pipeline.EventPipeline;
import dev.descheduler.collector.pipeline.PipelineFullException;
import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.EventsWithoutRepository;
import dev.descheduler.events.JsonLimits;
import dev.descheduler.events.avro.GitHubEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The HTTP contract of the ingest endpoints, against a fake pipeline (our own interface) and a real router. */
class IngestEndpointsTest {

    private static final String VALID = "{\"id\":\"1\",\"type\":\"WatchEvent\",\"actor\":{\"id\":1,\"login\":\"a\"},"
            + "\"repo\":{\"id\":2,\"name\":\"a/b\"},\"payload\":{\"action\":\"started\"},"
            + "\"created_at\":\"2015-01-01T00:00:00Z\"}";

    /** Records what it is given; can be told to refuse as a full pipeline would. */
    static final class FakePipeline implements EventPipeline {
        final List<GitHubEvent> taken = new CopyOnWriteArrayList<>();
        volatile boolean full;

        @Override
        public CompletionStage<Void> submit(List<GitHubEvent> events) {
            if (full) {
                return CompletableFuture.failedFuture(
                        new PipelineFullException("queue and spill full", Duration.ofSeconds(7)));
            }
            taken.addAll(events);
            return CompletableFuture.completedFuture(null);
        }
    }

    private final FakePipeline pipeline = new FakePipeline();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private WebTestClient client(List<String> apiKeys) {
        CollectorProperties settings = settings(apiKeys);
        EventJsonDecoder decoder = new EventJsonDecoder(JsonLimits.defaults());
        return WebTestClient.bindToRouterFunction(
                        new IngestRoutes().ingestRouter(settings, decoder, pipeline, registry))
                .build();
    }

    private WebTestClient client() {
        return client(List.of());
    }

    static CollectorProperties settings(List<String> apiKeys) {
        return new CollectorProperties(
                CollectorProperties.AckMode.MEMORY,
                Path.of("target/unused"),
                new CollectorProperties.Ingest(64 * 1024, 256 * 1024, 64, 1 << 20, 1 << 20, apiKeys),
                new CollectorProperties.Queue(1000, 80),
                new CollectorProperties.Batch(1000, 4 << 20, Duration.ofSeconds(5)),
                new CollectorProperties.Delivery(2),
                new CollectorProperties.Kafka(
                        "unused:9092", "t", 1, 1, 0.1, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new CollectorProperties.LandingZone(
                        false, "http://unused", "b", "landing_zone", "k", "s", "us-east-1", Duration.ofSeconds(1)),
                new CollectorProperties.Fallback(Path.of("target/unused")),
                new CollectorProperties.Spill(1 << 20),
                new CollectorProperties.Shutdown(Duration.ofSeconds(1)));
    }

    private double rejected(String reason) {
        var counter = registry.find("metrics_rejected").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void acceptsOneEventAndAnswersItsIngestId() {
        client().post()
                .uri("/collect")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(VALID)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("success")
                .jsonPath("$.event_id")
                .value(id -> assertThat(id.toString())
                        .isEqualTo(pipeline.taken.get(0).getIngestId()));
        assertThat(registry.find("api_requests").tag("status", "200").counter().count())
                .isEqualTo(1);
    }

    @Test
    void refusesInvalidJsonWithTheByteItBrokeAt() {
        client().post()
                .uri("/collect")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"id\":")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("invalid_json")
                .jsonPath("$.error")
                .value(e -> assertThat(e.toString()).startsWith("invalid JSON at byte"));
        assertThat(rejected("invalid_json")).isEqualTo(1);
        assertThat(pipeline.taken).isEmpty();
    }

    @Test
    void refusesAMistypedRequiredFieldNamingIt() {
        client().post()
                .uri("/collect")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(VALID.replace("\"actor\":{\"id\":1", "\"actor\":{\"id\":\"one\""))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error")
                .isEqualTo("actor.id must be an integer, got a string")
                .jsonPath("$.reason")
                .isEqualTo("wrong_type");
        assertThat(rejected("wrong_type")).isEqualTo(1);
    }

    @Test
    void acceptsRealEventTypesThatHaveNoRepository() {
        List<String> events = EventsWithoutRepository.lines();
        for (String event : events) {
            client().post()
                    .uri("/collect")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(event)
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        client().post()
                .uri("/collect/batch")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue(String.join("\n", events))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.accepted.length()")
                .isEqualTo(events.size())
                .jsonPath("$.rejected.length()")
                .isEqualTo(0);

        assertThat(pipeline.taken).hasSize(2 * events.size());
        assertThat(pipeline.taken).allSatisfy(e -> assertThat(e.getRepo()).isNull());
        assertThat(pipeline.taken.subList(0, events.size()))
                .extracting(GitHubEvent::getType)
                .containsExactlyElementsOf(EventsWithoutRepository.TYPES);
    }

    @Test
    void stillRefusesARepoWithoutAnId() {
        client().post()
                .uri("/collect")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(VALID.replace("\"repo\":{\"id\":2,", "\"repo\":{"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error")
                .isEqualTo("missing required field repo.id")
                .jsonPath("$.reason")
                .isEqualTo("missing_field");
    }

    @Test
    void refusesAWrongContentType() {
        client().post()
                .uri("/collect")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue(VALID)
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("unsupported_media_type");
        assertThat(rejected("unsupported_media_type")).isEqualTo(1);
    }

    @Test
    void refusesABodyOverTheLimit() {
        client().post()
                .uri("/collect/batch")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue((VALID + "\n").repeat(500))
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("body_too_large");
        assertThat(rejected("body_too_large")).isEqualTo(1);
        assertThat(pipeline.taken).isEmpty();
    }

    @Test
    void aBadEventCostsOnlyItself() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            body.append(
                            i == 37
                                    ? VALID.replace(
                                            "\"created_at\":\"2015-01-01T00:00:00Z\"", "\"created_at\":\"soon\"")
                                    : VALID)
                    .append('\n');
        }

        client().post()
                .uri("/collect/batch")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue(body.toString())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.accepted.length()")
                .isEqualTo(99)
                .jsonPath("$.rejected[0].index")
                .isEqualTo(37)
                .jsonPath("$.rejected[0].error")
                .isEqualTo("created_at is not ISO-8601: \"soon\"");
        assertThat(pipeline.taken).hasSize(99);
        assertThat(rejected("invalid_timestamp")).isEqualTo(1);
    }

    @Test
    void acceptsAGzippedJsonArray() throws IOException {
        client().post()
                .uri("/collect/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Content-Encoding", "gzip")
                .bodyValue(gzip(("[" + VALID + "," + VALID + "," + VALID + "]").getBytes(StandardCharsets.UTF_8)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.accepted.length()")
                .isEqualTo(3);
    }

    @Test
    void refusesBrokenGzip() {
        client().post()
                .uri("/collect/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Content-Encoding", "gzip")
                .bodyValue("not gzip at all".getBytes(StandardCharsets.UTF_8))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("bad_gzip");
        assertThat(rejected("bad_gzip")).isEqualTo(1);
    }

    @Test
    void refusesAGzipBombWithoutExpandingIt() throws IOException {
        byte[] zeros = new byte[1 << 20];
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(compressed)) {
            for (int i = 0; i < 50; i++) {
                zip.write(zeros);
            }
        }
        assertThat(compressed.size())
                .as("50 MiB of zeros fits under the 64 KiB body limit")
                .isLessThan(64 * 1024);

        client().post()
                .uri("/collect/batch")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .header("Content-Encoding", "gzip")
                .bodyValue(compressed.toByteArray())
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("gzip_bomb");
        assertThat(rejected("gzip_bomb")).isEqualTo(1);
    }

    @Test
    void refusesABrokenJsonArrayAsAWhole() {
        client().post()
                .uri("/collect/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("[" + VALID + ",")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("invalid_json");
        assertThat(pipeline.taken).isEmpty();
    }

    @Test
    void requiresAValidApiKeyWhenKeysAreConfigured() {
        WebTestClient client = client(List.of("s3cret"));
        client.post()
                .uri("/collect")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(VALID)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("unauthorized");
        client.post()
                .uri("/collect")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Authorization", "Bearer s3cret")
                .bodyValue(VALID)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(rejected("unauthorized")).isEqualTo(1);
    }

    @Test
    void answers503WithRetryAfterWhenThePipelineIsFull() {
        pipeline.full = true;
        client().post()
                .uri("/collect")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(VALID)
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals("Retry-After", "7")
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("pipeline_full");
        assertThat(rejected("pipeline_full")).isEqualTo(1);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        }
        return out.toByteArray();
    }
}

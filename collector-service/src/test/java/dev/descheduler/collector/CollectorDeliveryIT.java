package dev.descheduler.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.descheduler.collector.metrics.MetricsCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The collector against a real Kafka broker and a real S3 server: what it acknowledges reaches Kafka, through the
 * landing zone while Kafka is down and through the local disk while S3 is down too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CollectorDeliveryIT extends CollectorAgainstRealServers {

    private static final String TOPIC = "github_events_avro";

    @DynamicPropertySource
    static void collectorSettings(DynamicPropertyRegistry registry) {
        registry.add("collector.kafka.retry-max", () -> "2");
        registry.add("collector.kafka.retry-backoff-base-seconds", () -> "0.1");
        registry.add("collector.kafka.request-timeout", () -> "2s");
        registry.add("collector.kafka.probe-interval", () -> "1s");
        registry.add("collector.batch.max-time", () -> "500ms");
        // generous: on a loaded machine a 2 s S3 call times out and the batch goes to the local disk instead, which
        // the landing-zone test would wait for in vain (a refused connection, as when S3 is stopped, fails at once)
        registry.add("collector.landing-zone.timeout", () -> "10s");
    }

    @Test
    @Order(1)
    void deliversAcknowledgedEventsToKafkaAsAvroBatches() {
        List<String> ids = postBatch(100, 0);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(ingestIdsInKafka()).containsAll(ids));
        assertThat(ingestIdsInKafka()).doesNotHaveDuplicates();
    }

    @Test
    @Order(2)
    void usesTheLandingZoneWhileKafkaIsDownAndReplaysItWhenKafkaIsBack() {
        stack.kafka().stop();
        List<String> ids = postBatch(200, 1000);

        await("a batch in the landing zone").atMost(Duration.ofSeconds(60)).until(() -> !landingZoneKeys()
                .isEmpty());
        stack.kafka().start();

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(landingZoneKeys()).isEmpty();
            assertThat(ingestIdsInKafka()).containsAll(ids);
        });
        assertThat(ingestIdsInKafka()).doesNotHaveDuplicates();
    }

    @Test
    @Order(3)
    void usesTheLocalDiskWhenKafkaAndS3AreBothDownAndLosesNothing() throws Exception {
        stack.kafka().stop();
        stack.s3().stop();
        List<String> ids = postBatch(150, 2000);

        Path fallback = servers.dir().resolve("fallback");
        await().atMost(Duration.ofSeconds(90)).until(() -> avroFiles(fallback) > 0);
        stack.s3().start();
        stack.kafka().start();

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(avroFiles(fallback)).isZero();
            assertThat(ingestIdsInKafka()).containsAll(ids);
        });
        assertThat(ingestIdsInKafka()).doesNotHaveDuplicates();
    }

    @Test
    @Order(4)
    void exposesExactlyTheMetricFamiliesTheCatalogueDocuments() throws Exception {
        // a refused event: the rejection counter exists only once something was rejected
        web().post()
                .uri("/collect")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{not json")
                .exchange()
                .expectStatus()
                .isBadRequest();
        Set<String> documented = MetricsCatalogue.documented(Path.of("../docs/metrics.md"));

        Set<String> exposed = MetricsCatalogue.exposed(metricsPage());

        assertThat(documented).as("docs/metrics.md's table").hasSizeGreaterThan(20);
        assertThat(exposed.stream().filter(family -> !MetricsCatalogue.covers(documented, family)))
                .as("exposed by /metrics but missing from docs/metrics.md")
                .isEmpty();
        assertThat(documented.stream().filter(name -> !MetricsCatalogue.isExposed(exposed, name)))
                .as("in docs/metrics.md but not exposed by /metrics")
                .isEmpty();
    }

    private List<String> postBatch(int events, int firstId) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < events; i++) {
            body.append(TestEvents.json(firstId + i)).append('\n');
        }
        String response = web().post()
                .uri("/collect/batch")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue(body.toString())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        List<String> ids = new ArrayList<>();
        var matcher =
                java.util.regex.Pattern.compile("\"event_id\":\"([^\"]+)\"").matcher(response);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        assertThat(ids).hasSize(events);
        return ids;
    }

    private static List<String> ingestIdsInKafka() {
        return servers.ingestIds(TOPIC);
    }

    private static Set<String> landingZoneKeys() {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(java.net.URI.create(stack.s3().endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        stack.s3().accessKey(), stack.s3().secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            return s3.listObjectsV2(b -> b.bucket(stack.bucket()).prefix("landing_zone/")).contents().stream()
                    .map(o -> o.key())
                    .collect(Collectors.toSet());
        }
    }

    private static long avroFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".avro")).count();
        }
    }
}

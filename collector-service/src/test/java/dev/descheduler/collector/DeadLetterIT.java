package dev.descheduler.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeAll;
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
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A topic whose max.message.bytes is smaller than some batches, on a real broker: those batches go to the landing
 * zone's dead_letter/ prefix with the reason, smaller ones are delivered, Kafka is not marked down, and the replayer
 * moves past such a batch instead of retrying it forever. The mismatch with BATCH_MAX_BYTES is reported at start.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLetterIT extends CollectorAgainstRealServers {

    private static final String TOPIC = "github_events_avro";
    /** Far below BATCH_MAX_BYTES (4 MiB) and below one batch of {@link #largeEvents}, above one of small events. */
    private static final int TOPIC_MAX_MESSAGE_BYTES = 50_000;

    @BeforeAll
    static void createTopicThatTakesOnlySmallBatches() throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1)
                            .configs(Map.of(
                                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(TOPIC_MAX_MESSAGE_BYTES)))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @DynamicPropertySource
    static void collectorSettings(DynamicPropertyRegistry registry) {
        registry.add("collector.kafka.retry-max", () -> "2");
        registry.add("collector.kafka.retry-backoff-base-seconds", () -> "0.1");
        registry.add("collector.kafka.request-timeout", () -> "2s");
        registry.add("collector.kafka.probe-interval", () -> "1s");
        registry.add("collector.batch.max-time", () -> "300ms");
        // generous: on a loaded machine a 2 s S3 call times out and the batch goes to the local disk instead
        registry.add("collector.landing-zone.timeout", () -> "10s");
    }

    @Test
    @Order(1)
    void reportsAtStartThatTheTopicCannotHoldEveryBatch() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(health())
                .contains("\"topic_problem\":\"topic " + TOPIC + " has max.message.bytes=" + TOPIC_MAX_MESSAGE_BYTES)
                .contains("BATCH_MAX_BYTES=4194304"));
        assertThat(registry.get("kafka_topic_fits_batches").gauge().value()).isZero();
        assertThat(registry.get("kafka_topic_max_message_bytes").gauge().value())
                .isEqualTo(TOPIC_MAX_MESSAGE_BYTES);
    }

    @Test
    @Order(2)
    void deadLettersABatchTheTopicRefusesAndKeepsDeliveringTheOthers() throws Exception {
        List<String> before = postBatch(smallEvents(3, 100));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(ingestIdsInKafka()).containsAll(before));
        List<String> large = postBatch(largeEvents(6, 200));
        await().atMost(Duration.ofSeconds(60)).until(() -> deadLetters() == 1);
        List<String> after = postBatch(smallEvents(3, 300));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(ingestIdsInKafka()).containsAll(after));

        assertThat(ingestIdsInKafka()).doesNotContainAnyElementsOf(large).doesNotHaveDuplicates();
        assertThat(reasons()).singleElement().asString().startsWith("RecordTooLargeException:");
        assertThat(health()).contains("\"state\":\"up\"");
        assertThat(pendingFallbacks()).isZero();
        assertThat(registry.get("kafka_fallback_batches")
                        .tag("target", "landing_zone")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get("kafka_fallback_batches")
                        .tag("target", "local_disk")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get("kafka_batches_failed").counter().count()).isZero();
        assertThat(registry.find("kafka_dead_letter_batches").counters().stream()
                        .mapToDouble(c -> c.count())
                        .sum())
                .isEqualTo(1);
        assertThat(metricsPage())
                .contains("kafka_producer_record_send_total{")
                .contains("kafka_producer_request_latency_avg{")
                .contains("spring_kafka_template_seconds_count{")
                .contains("kafka_dead_letter_batches_total{")
                .contains("kafka_topic_fits_batches{");
    }

    @Test
    @Order(3)
    void replayerMovesPastARefusedBatchInTheFallbacks() throws Exception {
        stack.kafka().stop();
        List<String> large = postBatch(largeEvents(6, 400));
        await().atMost(Duration.ofSeconds(90)).until(() -> pendingFallbacks() == 1);
        List<String> small = postBatch(smallEvents(3, 500));
        await().atMost(Duration.ofSeconds(90)).until(() -> pendingFallbacks() == 2);
        stack.kafka().start();

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            assertThat(pendingFallbacks()).isZero();
            assertThat(ingestIdsInKafka()).containsAll(small);
        });
        assertThat(deadLetters()).isEqualTo(2);
        assertThat(ingestIdsInKafka()).doesNotContainAnyElementsOf(large).doesNotHaveDuplicates();
        assertThat(health()).contains("\"state\":\"up\"");
    }

    /** Dead letters in the landing zone (or, when S3 timed out under load, on the local disk). */
    private static long deadLetters() throws Exception {
        return keys("dead_letter/").size() + avroFiles(servers.dir().resolve("collector/dead_letter"));
    }

    private static List<String> reasons() throws Exception {
        List<String> reasons = new ArrayList<>();
        for (String key : keys("dead_letter/")) {
            reasons.add(reasonOf(key));
        }
        Path local = servers.dir().resolve("collector/dead_letter");
        if (Files.isDirectory(local)) {
            try (Stream<Path> files = Files.list(local)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".reason")).toList()) {
                    reasons.add(Files.readString(file));
                }
            }
        }
        return reasons;
    }

    /** Batches waiting for the replayer: the landing zone and the local fallback folder. */
    private static long pendingFallbacks() throws Exception {
        return keys("landing_zone/").size() + avroFiles(servers.dir().resolve("fallback"));
    }

    private static long avroFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".avro")).count();
        }
    }

    private static List<String> smallEvents(int count, int firstId) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(TestEvents.json(firstId + i));
        }
        return events;
    }

    /** Events with 30,000 random hex digits each: zstd cannot shrink a batch of them below the topic's limit. */
    private static List<String> largeEvents(int count, int firstId) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder blob = new StringBuilder();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (blob.length() < 30_000) {
                blob.append(Long.toHexString(random.nextLong()));
            }
            events.add(TestEvents.json(firstId + i)
                    .replace("\"payload\":{\"action\":\"started\"}", "\"payload\":{\"blob\":\"" + blob + "\"}"));
        }
        return events;
    }

    private String health() {
        return getOk("/health");
    }

    private List<String> postBatch(List<String> events) {
        String response = web().post()
                .uri("/collect/batch")
                .contentType(MediaType.parseMediaType("application/x-ndjson"))
                .bodyValue(String.join("\n", events) + "\n")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        List<String> ids = new ArrayList<>();
        Matcher matcher = Pattern.compile("\"event_id\":\"([^\"]+)\"").matcher(response);
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        assertThat(ids).hasSize(events.size());
        return ids;
    }

    private static List<String> ingestIdsInKafka() {
        return servers.ingestIds(TOPIC);
    }

    private static S3Client s3() {
        return S3Client.builder()
                .endpointOverride(URI.create(stack.s3().endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        stack.s3().accessKey(), stack.s3().secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static List<String> keys(String prefix) {
        try (S3Client s3 = s3()) {
            return s3.listObjectsV2(b -> b.bucket(stack.bucket()).prefix(prefix)).contents().stream()
                    .map(S3Object::key)
                    .toList();
        }
    }

    private static String reasonOf(String key) {
        try (S3Client s3 = s3()) {
            return s3.headObject(b -> b.bucket(stack.bucket()).key(key))
                    .metadata()
                    .get("reason");
        }
    }
}

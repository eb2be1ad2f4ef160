package dev.descheduler.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.descheduler.events.avro.GitHubEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * GitHub webhook deliveries through the whole collector in durable mode against a real Kafka broker: signed
 * deliveries are acknowledged and reach Kafka as Events API events keyed by their delivery id (a redelivery twice,
 * under the same id), a ping and a forged delivery reach nothing.
 */
class WebhookIT extends CollectorAgainstRealServers {

    private static final String TOPIC = "github_events_avro";
    private static final String SECRET = "webhook-it-secret";

    @DynamicPropertySource
    static void webhookSettings(DynamicPropertyRegistry registry) {
        registry.add("collector.webhook.secret", () -> SECRET);
        registry.add("collector.batch.max-time", () -> "500ms");
    }

    @Test
    void deliversSignedWebhooksToKafkaUnderTheirDeliveryIds() throws Exception {
        WebTestClient client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build();

        deliver(client, "ping", "0b6a0000-0000-4000-8000-000000000000", fixture("ping"), sign(fixture("ping")))
                .expectStatus()
                .isOk();
        deliver(client, "push", "0b6a0000-0000-4000-8000-000000000001", fixture("push"), sign(fixture("push")))
                .expectStatus()
                .isOk();
        // GitHub's "Redeliver" button: the same body, the same delivery id
        deliver(client, "push", "0b6a0000-0000-4000-8000-000000000001", fixture("push"), sign(fixture("push")))
                .expectStatus()
                .isOk();
        deliver(
                        client,
                        "organization",
                        "0b6a0000-0000-4000-8000-000000000002",
                        fixture("organization"),
                        sign(fixture("organization")))
                .expectStatus()
                .isOk();
        deliver(client, "watch", "0b6a0000-0000-4000-8000-000000000003", fixture("watch"), sign(fixture("push")))
                .expectStatus()
                .isUnauthorized();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        KafkaTopicReader.readAll(stack.kafka().bootstrapServers(), TOPIC))
                .hasSize(3));
        List<GitHubEvent> events = KafkaTopicReader.readAll(stack.kafka().bootstrapServers(), TOPIC);
        assertThat(events)
                .extracting(GitHubEvent::getId)
                .containsExactlyInAnyOrder(
                        "0b6a0000-0000-4000-8000-000000000001",
                        "0b6a0000-0000-4000-8000-000000000001",
                        "0b6a0000-0000-4000-8000-000000000002");
        assertThat(events).extracting(GitHubEvent::getIngestId).doesNotHaveDuplicates();
        GitHubEvent push = events.stream()
                .filter(e -> e.getType().equals("PushEvent"))
                .findFirst()
                .orElseThrow();
        assertThat(push.getRepo().getName()).isEqualTo("octo-org/Hello-World");
        assertThat(push.getActor().getLogin()).isEqualTo("Codertocat");
        assertThat(push.getCreatedAt()).isEqualTo("2019-05-15T15:20:57Z");
        GitHubEvent organization = events.stream()
                .filter(e -> e.getType().equals("OrganizationEvent"))
                .findFirst()
                .orElseThrow();
        assertThat(organization.getRepo()).isNull();
        assertThat(organization.getOrg().getLogin()).isEqualTo("octo-org");
    }

    private static WebTestClient.ResponseSpec deliver(
            WebTestClient client, String event, String delivery, byte[] body, String signature) {
        return client.post()
                .uri("/webhooks/github")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", signature)
                .bodyValue(body)
                .exchange();
    }

    /** The signature computed here, independently of the collector's own code. */
    private static String sign(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static byte[] fixture(String event) {
        try (InputStream in = WebhookIT.class.getResourceAsStream("/webhooks/" + event + ".json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

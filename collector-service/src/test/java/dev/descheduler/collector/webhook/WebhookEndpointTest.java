package dev.descheduler.collector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.collector.config.CollectorProperties;
import dev.descheduler.collector.pipeline.EventPipeline;
import dev.descheduler.collector.pipeline.PipelineFullException;
import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.JsonLimits;
import dev.descheduler.events.avro.GitHubEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The HTTP contract of {@code POST /webhooks/github}: real HMAC signatures computed here with the secret, against a
 * real router and a fake pipeline (our own interface) that records what it is given.
 */
class WebhookEndpointTest {

    private static final String SECRET = "a webhook secret for tests";
    private static final String DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

    /** Records what it is given; can refuse as a full pipeline would, or never acknowledge. */
    static final class FakePipeline implements EventPipeline {
        final List<GitHubEvent> taken = new CopyOnWriteArrayList<>();
        volatile boolean full;
        volatile boolean stalled;

        @Override
        public CompletionStage<Void> submit(List<GitHubEvent> events) {
            if (full) {
                return CompletableFuture.failedFuture(
                        new PipelineFullException("queue and spill full", Duration.ofSeconds(7)));
            }
            taken.addAll(events);
            return stalled ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
        }
    }

    private final FakePipeline pipeline = new FakePipeline();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WebhookSignature signature = new WebhookSignature(SECRET);

    private WebTestClient client(WebhookProperties webhook) {
        CollectorProperties.Ingest ingest =
                new CollectorProperties.Ingest(1 << 20, 4 << 20, 64, 1 << 20, 1 << 20, List.of("an-api-key"));
        return WebTestClient.bindToRouterFunction(WebhookRoutes.router(
                        webhook, ingest, new EventJsonDecoder(JsonLimits.defaults()), pipeline, registry))
                .build();
    }

    private WebTestClient client() {
        return client(new WebhookProperties(SECRET, false, Duration.ofSeconds(8)));
    }

    private WebTestClient.ResponseSpec deliver(WebTestClient client, String event, String delivery, byte[] body) {
        return client.post()
                .uri("/webhooks/github")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", signature.sign(body))
                .header("User-Agent", "GitHub-Hookshot/044aadd")
                .bodyValue(body)
                .exchange();
    }

    private double rejected(String reason) {
        var counter = registry.find("metrics_rejected").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "push",
                "pull_request",
                "issues",
                "issue_comment",
                "watch",
                "fork",
                "create",
                "delete",
                "release",
                "member",
                "gollum",
                "pull_request_review",
                "pull_request_review_comment",
                "commit_comment",
                "public",
                "organization",
                "star"
            })
    void acceptsASignedDeliveryAsOneEventWithTheDeliveryIdAsItsId(String event) {
        deliver(client(), event, DELIVERY, WebhookFixtures.body(event))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("success")
                .jsonPath("$.github_event_id")
                .isEqualTo(DELIVERY)
                .jsonPath("$.type")
                .isEqualTo(WebhookEventTypes.typeOf(event))
                .jsonPath("$.event_id")
                .value(id -> assertThat(id.toString())
                        .isEqualTo(pipeline.taken.get(0).getIngestId()));

        assertThat(pipeline.taken).hasSize(1);
        assertThat(pipeline.taken.get(0).getId()).isEqualTo(DELIVERY);
        assertThat(pipeline.taken.get(0).getType()).isEqualTo(WebhookEventTypes.typeOf(event));
        assertThat(registry.find("api_requests")
                        .tag("endpoint", "/webhooks/github")
                        .tag("status", "200")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void refusesATamperedBodyWith401AndAReason() {
        byte[] body = WebhookFixtures.body("push");
        String signed = signature.sign(body);
        byte[] tampered = new String(body, StandardCharsets.UTF_8)
                .replace("refs/heads/master", "refs/heads/evil")
                .getBytes(StandardCharsets.UTF_8);

        client().post()
                .uri("/webhooks/github")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", DELIVERY)
                .header("X-Hub-Signature-256", signed)
                .bodyValue(tampered)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("invalid_signature")
                .jsonPath("$.error")
                .value(e -> assertThat(e.toString()).startsWith("X-Hub-Signature-256 does not match the body"));
        assertThat(pipeline.taken).isEmpty();
        assertThat(rejected("invalid_signature")).isEqualTo(1);
    }

    @Test
    void refusesAMissingSignatureWith401() {
        client().post()
                .uri("/webhooks/github")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", DELIVERY)
                .bodyValue(WebhookFixtures.body("push"))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("invalid_signature")
                .jsonPath("$.error")
                .value(e -> assertThat(e.toString()).startsWith("missing X-Hub-Signature-256 header"));
        assertThat(pipeline.taken).isEmpty();
    }

    @Test
    void answersPingWithoutStoringIt() {
        deliver(client(), "ping", DELIVERY, WebhookFixtures.body("ping"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("pong");

        assertThat(pipeline.taken).isEmpty();
    }

    @Test
    void refusesAPingWithAWrongSignature() {
        client().post()
                .uri("/webhooks/github")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "ping")
                .header("X-GitHub-Delivery", DELIVERY)
                .header("X-Hub-Signature-256", new WebhookSignature("wrong").sign(WebhookFixtures.body("ping")))
                .bodyValue(WebhookFixtures.body("ping"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void aRedeliveryKeepsItsGitHubEventIdSoSilverStoresItOnce() {
        byte[] body = WebhookFixtures.body("issues");
        WebTestClient client = client();

        deliver(client, "issues", DELIVERY, body).expectStatus().isOk();
        deliver(client, "issues", DELIVERY, body).expectStatus().isOk();
        deliver(client, "issues", "d3b07384-d9a0-4c9b-8f1e-2a3b4c5d6e7f", body)
                .expectStatus()
                .isOk();

        assertThat(pipeline.taken).hasSize(3);
        assertThat(pipeline.taken.get(0).getId())
                .as("the redelivery has the first delivery's id, Silver's key")
                .isEqualTo(pipeline.taken.get(1).getId())
                .isEqualTo(DELIVERY);
        assertThat(pipeline.taken.get(0).getIngestId())
                .as("each copy is its own ingest")
                .isNotEqualTo(pipeline.taken.get(1).getIngestId());
        assertThat(pipeline.taken.get(2).getId()).isEqualTo("d3b07384-d9a0-4c9b-8f1e-2a3b4c5d6e7f");
    }

    @Test
    void refusesEveryDeliveryWhenNoSecretIsSet() {
        client(new WebhookProperties("", false, Duration.ofSeconds(8)))
                .post()
                .uri("/webhooks/github")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "watch")
                .header("X-GitHub-Delivery", DELIVERY)
                .bodyValue(WebhookFixtures.body("watch"))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("webhooks_disabled")
                .jsonPath("$.error")
                .value(e -> assertThat(e.toString()).contains("GITHUB_WEBHOOK_SECRET"));
        assertThat(pipeline.taken).isEmpty();
    }

    @Test
    void takesUnsignedDeliveriesOnlyWhenExplicitlyAllowed() {
        client(new WebhookProperties("", true, Duration.ofSeconds(8)))
                .post()
                .uri("/webhooks/github")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "watch")
                .header("X-GitHub-Delivery", DELIVERY)
                .bodyValue(WebhookFixtures.body("watch"))
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(pipeline.taken).extracting(GitHubEvent::getType).containsExactly("WatchEvent");
    }

    @Test
    void acceptsAFormEncodedDeliverySignedOverTheRawForm() {
        byte[] form = ("payload="
                        + URLEncoder.encode(
                                new String(WebhookFixtures.body("watch"), StandardCharsets.UTF_8),
                                StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);

        client().post()
                .uri("/webhooks/github")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .header("X-GitHub-Event", "watch")
                .header("X-GitHub-Delivery", DELIVERY)
                .header("X-Hub-Signature-256", signature.sign(form))
                .bodyValue(form)
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(pipeline.taken).extracting(GitHubEvent::getType).containsExactly("WatchEvent");
        assertThat(pipeline.taken.get(0).getActor().getLogin()).isEqualTo("octocat");
    }

    @Test
    void refusesADeliveryWithoutItsHeaders() {
        byte[] body = WebhookFixtures.body("watch");
        client().post()
                .uri("/webhooks/github")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Delivery", DELIVERY)
                .header("X-Hub-Signature-256", signature.sign(body))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error")
                .isEqualTo("missing X-GitHub-Event header");
        client().post()
                .uri("/webhooks/github")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "watch")
                .header("X-Hub-Signature-256", signature.sign(body))
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error")
                .value(e -> assertThat(e.toString()).startsWith("missing X-GitHub-Delivery header"));
        deliver(client(), "watch", "not a guid!", body)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("invalid_header");
        assertThat(pipeline.taken).isEmpty();
    }

    @Test
    void refusesAnEventTheEnvelopeCannotHoldNamingTheWebhookField() {
        byte[] body = new String(WebhookFixtures.body("watch"), StandardCharsets.UTF_8)
                .replaceFirst("\"id\": 21031067", "\"id\": \"21031067\"")
                .getBytes(StandardCharsets.UTF_8);

        deliver(client(), "watch", DELIVERY, body)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("wrong_type")
                .jsonPath("$.error")
                .value(e -> assertThat(e.toString())
                        .startsWith("actor.id must be an integer, got a string")
                        .contains("actor is the webhook's sender"));
    }

    @Test
    void answers503WithRetryAfterWhenThePipelineIsFull() {
        pipeline.full = true;

        deliver(client(), "watch", DELIVERY, WebhookFixtures.body("watch"))
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .valueEquals("Retry-After", "7")
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("pipeline_full");
    }

    @Test
    void answers503BeforeGitHubsTimeoutWhenTheAcknowledgementDoesNotCome() {
        pipeline.stalled = true;

        deliver(
                        client(new WebhookProperties(SECRET, false, Duration.ofSeconds(1))),
                        "watch",
                        DELIVERY,
                        WebhookFixtures.body("watch"))
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .jsonPath("$.reason")
                .isEqualTo("ack_timeout");
    }
}

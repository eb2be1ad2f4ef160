package dev.descheduler.collector.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descheduler.collector.ingest.IngestRejection;
import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.JsonLimits;
import dev.descheduler.events.avro.GitHubEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Each webhook event in GitHub's documented shape becomes the event the Events API would have shown for it. */
class WebhookDecoderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant RECEIVED = Instant.parse("2026-12-02T04:00:00.123Z");
    private static final String DELIVERY = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

    private final WebhookDecoder webhooks = new WebhookDecoder(64, 1 << 20);
    private final EventJsonDecoder events = new EventJsonDecoder(JsonLimits.defaults());

    private JsonNode map(String event) {
        return JSON.readTree(webhooks.toEvent(event, DELIVERY, WebhookFixtures.body(event), RECEIVED));
    }

    private GitHubEvent envelope(String event) throws Exception {
        byte[] mapped = webhooks.toEvent(event, DELIVERY, WebhookFixtures.body(event), RECEIVED);
        return events.decode(mapped, 0, mapped.length, "ingest-1", RECEIVED);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            push                        | PushEvent                     | 2019-05-15T15:20:57Z | /ref                     | refs/heads/master
            pull_request                | PullRequestEvent              | 2019-05-15T15:20:33Z | /pull_request/number     | 2
            issues                      | IssuesEvent                   | 2019-05-15T15:20:18Z | /issue/number            | 1
            issue_comment               | IssueCommentEvent             | 2019-05-15T15:20:21Z | /comment/id              | 492700400
            watch                       | WatchEvent                    | 2026-12-02T04:00:00Z | /action                  | started
            fork                        | ForkEvent                     | 2019-05-15T15:20:42Z | /forkee/full_name        | octocat/Hello-World
            create                      | CreateEvent                   | 2026-12-02T04:00:00Z | /ref_type                | tag
            delete                      | DeleteEvent                   | 2026-12-02T04:00:00Z | /ref                     | simple-tag
            release                     | ReleaseEvent                  | 2019-05-15T15:20:53Z | /release/tag_name        | 0.0.1
            member                      | MemberEvent                   | 2026-12-02T04:00:00Z | /member/login            | octocat
            gollum                      | GollumEvent                   | 2026-12-02T04:00:00Z | /pages/0/page_name       | Home
            pull_request_review         | PullRequestReviewEvent        | 2019-05-15T15:20:38Z | /review/state            | commented
            pull_request_review_comment | PullRequestReviewCommentEvent | 2019-05-15T15:20:38Z | /comment/path            | README.md
            commit_comment              | CommitCommentEvent            | 2019-05-15T15:20:39Z | /comment/commit_id       | 6113728f27ae82c7b1a177c8d03f9e96e0adf246
            public                      | PublicEvent                   | 2026-12-02T04:00:00Z | ''                       | ''
            star                        | StarEvent                     | 2026-12-02T04:00:00Z | /starred_at              | 2019-05-15T15:20:40Z
            """)
    void mapsARepositoryEventToTheEventsApiShape(
            String event, String type, String createdAt, String payloadPointer, String payloadValue) throws Exception {
        JsonNode webhook = JSON.readTree(WebhookFixtures.body(event));
        JsonNode mapped = map(event);

        assertThat(mapped.get("id").stringValue()).isEqualTo(DELIVERY);
        assertThat(mapped.get("type").stringValue()).isEqualTo(type);
        assertThat(mapped.get("created_at").stringValue()).isEqualTo(createdAt);
        assertThat(mapped.get("actor"))
                .as("actor is the sender plus display_login")
                .isNotNull();
        assertThat(mapped.get("actor").get("login"))
                .isEqualTo(webhook.get("sender").get("login"));
        assertThat(mapped.get("actor").get("display_login"))
                .isEqualTo(webhook.get("sender").get("login"));
        assertThat(mapped.get("actor").get("node_id"))
                .isEqualTo(webhook.get("sender").get("node_id"));
        assertThat(mapped.get("repo").get("id").longValue()).isEqualTo(186853002L);
        assertThat(mapped.get("repo").get("name").stringValue())
                .as("the Events API's repo.name is the full name")
                .isEqualTo("octo-org/Hello-World");
        assertThat(mapped.get("repo").get("url").stringValue())
                .isEqualTo("https://api.github.com/repos/octo-org/Hello-World");
        assertThat(mapped.get("org")).isEqualTo(webhook.get("organization"));
        assertThat(mapped.get("public").booleanValue()).isTrue();
        JsonNode payload = mapped.get("payload");
        assertThat(payload.has("sender") || payload.has("repository") || payload.has("organization"))
                .as("the envelope parts leave the payload")
                .isFalse();
        if (!payloadPointer.isEmpty()) {
            assertThat(payload.at(payloadPointer).asString()).isEqualTo(payloadValue);
        }

        GitHubEvent envelope = envelope(event);
        assertThat(envelope.getId()).isEqualTo(DELIVERY);
        assertThat(envelope.getType()).isEqualTo(type);
        assertThat(envelope.getActor().getLogin())
                .isEqualTo(webhook.get("sender").get("login").stringValue());
        assertThat(envelope.getRepo().getName()).isEqualTo("octo-org/Hello-World");
        assertThat(envelope.getOrg().getLogin()).isEqualTo("octo-org");
        assertThat(envelope.getCreatedAt()).isEqualTo(createdAt);
    }

    @Test
    void givesAPushTheEventsApiFieldsItsWebhookNamesDifferently() {
        JsonNode payload = map("push").get("payload");

        assertThat(payload.get("head").stringValue()).isEqualTo("4d4b7fb61a5d1ed0b2b6c2b2b1f6b5e8d2f3a4c5");
        assertThat(payload.get("before").stringValue()).isEqualTo("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
        assertThat(payload.get("size").intValue()).isEqualTo(2);
        assertThat(payload.get("distinct_size").intValue()).isEqualTo(1);
        assertThat(payload.get("commits").get(0).get("sha").stringValue())
                .isEqualTo("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
        assertThat(payload.get("commits").get(0).get("message").stringValue()).isEqualTo("Update README.md");
        assertThat(payload.get("pusher").get("name").stringValue())
                .as("webhook-only fields stay")
                .isEqualTo("Codertocat");
    }

    @Test
    void mapsAnOrganisationEventWithoutARepository() throws Exception {
        JsonNode mapped = map("organization");

        assertThat(mapped.get("type").stringValue()).isEqualTo("OrganizationEvent");
        assertThat(mapped.has("repo")).isFalse();
        assertThat(mapped.has("public")).as("unknown without a repository").isFalse();
        assertThat(mapped.get("created_at").stringValue()).isEqualTo("2026-12-02T04:00:00Z");
        assertThat(mapped.get("payload")
                        .get("membership")
                        .get("user")
                        .get("login")
                        .stringValue())
                .isEqualTo("octocat");

        GitHubEvent envelope = envelope("organization");
        assertThat(envelope.getRepo()).isNull();
        assertThat(envelope.getOrg().getId()).isEqualTo(6811672L);
    }

    @Test
    void marksAPrivateRepositorysEventAsNotPublic() {
        byte[] body = new String(WebhookFixtures.body("watch"), StandardCharsets.UTF_8)
                .replace("\"private\": false", "\"private\": true")
                .getBytes(StandardCharsets.UTF_8);

        JsonNode mapped = JSON.readTree(webhooks.toEvent("watch", DELIVERY, body, RECEIVED));

        assertThat(mapped.get("public").booleanValue()).isFalse();
    }

    @Test
    void showsABotByItsNameWithoutTheBotSuffix() {
        byte[] body = new String(WebhookFixtures.body("watch"), StandardCharsets.UTF_8)
                .replace("\"login\": \"octocat\"", "\"login\": \"dependabot[bot]\"")
                .getBytes(StandardCharsets.UTF_8);

        JsonNode actor = JSON.readTree(webhooks.toEvent("watch", DELIVERY, body, RECEIVED))
                .get("actor");

        assertThat(actor.get("login").stringValue()).isEqualTo("dependabot[bot]");
        assertThat(actor.get("display_login").stringValue()).isEqualTo("dependabot");
    }

    @Test
    void keepsUnmappedTypesUnderTheirOwnName() {
        assertThat(WebhookEventTypes.typeOf("workflow_run")).isEqualTo("WorkflowRunEvent");
        assertThat(WebhookEventTypes.typeOf("team_add")).isEqualTo("TeamAddEvent");
        assertThat(WebhookEventTypes.typeOf("issues")).isEqualTo("IssuesEvent");
        assertThat(WebhookEventTypes.isValidName("push")).isTrue();
        assertThat(WebhookEventTypes.isValidName("Push")).isFalse();
        assertThat(WebhookEventTypes.isValidName("push\nX-Injected: 1")).isFalse();
    }

    @Test
    void refusesABodyWithoutASender() {
        byte[] body = "{\"action\":\"started\",\"repository\":{\"id\":1,\"full_name\":\"a/b\"}}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> webhooks.toEvent("watch", DELIVERY, body, RECEIVED))
                .isInstanceOf(IngestRejection.class)
                .hasMessage("webhook body has no sender object (GitHub sends one with every event; it becomes the"
                        + " actor)");
    }

    @Test
    void refusesABodyThatIsNotAJsonObject() {
        assertThatThrownBy(() -> webhooks.toEvent("watch", DELIVERY, "[1]".getBytes(StandardCharsets.UTF_8), RECEIVED))
                .isInstanceOf(IngestRejection.class)
                .hasMessage("webhook body must be a JSON object");
        assertThatThrownBy(
                        () -> webhooks.toEvent("watch", DELIVERY, "{\"a\":".getBytes(StandardCharsets.UTF_8), RECEIVED))
                .isInstanceOf(IngestRejection.class)
                .hasMessageStartingWith("webhook body is not valid JSON: ");
    }
}

package dev.descheduler.collector.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Webhook bodies in the shapes of GitHub's "Webhook events and payloads" documentation, hand-written under
 * {@code src/test/resources/webhooks/<X-GitHub-Event>.json} for one organisation's repository (octo-org/Hello-World).
 */
final class WebhookFixtures {

    private WebhookFixtures() {}

    static byte[] body(String event) {
        try (InputStream in = WebhookFixtures.class.getResourceAsStream("/webhooks/" + event + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture webhooks/" + event + ".json");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

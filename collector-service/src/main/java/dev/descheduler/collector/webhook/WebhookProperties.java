package dev.descheduler.collector.webhook;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code POST /webhooks/github}, bound from {@code collector.webhook.*} (application.yml maps GITHUB_WEBHOOK_SECRET,
 * GITHUB_WEBHOOK_ALLOW_UNSIGNED and GITHUB_WEBHOOK_ACK_TIMEOUT_S onto these keys).
 *
 * @param secret the webhook's secret as entered in GitHub; every delivery's {@code X-Hub-Signature-256} is checked
 *     against it. Empty: the endpoint refuses every delivery (403) unless {@code allowUnsigned} is set
 * @param allowUnsigned takes unsigned deliveries when no secret is set, for a collector that only a trusted relay can
 *     reach; never needed with a secret, and refused together with one so the setting cannot be misread
 * @param ackTimeout how long a delivery may wait for its durable acknowledgement before it is answered 503: under
 *     GitHub's 10-second delivery timeout, so GitHub sees a clear failure to redeliver rather than a timeout
 */
@Validated
@ConfigurationProperties("collector.webhook")
public record WebhookProperties(
        @NotNull String secret,
        boolean allowUnsigned,
        @NotNull @DurationMin(seconds = 1) @DurationMax(seconds = 9) Duration ackTimeout) {

    public boolean hasSecret() {
        return !secret.isBlank();
    }

    @AssertTrue(
            message = "GITHUB_WEBHOOK_ALLOW_UNSIGNED=true makes no sense with GITHUB_WEBHOOK_SECRET set: signed"
                    + " deliveries are always verified; unset one of them")
    public boolean isUnambiguous() {
        return secret == null || secret.isBlank() || !allowUnsigned;
    }

    @Override
    public String toString() {
        // the secret must never reach a log line or an error message
        return "WebhookProperties[secret=" + (hasSecret() ? "<set>" : "<empty>") + ", allowUnsigned=" + allowUnsigned
                + ", ackTimeout=" + ackTimeout + "]";
    }
}

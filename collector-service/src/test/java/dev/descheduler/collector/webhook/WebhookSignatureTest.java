package dev.descheduler.collector.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final byte[] BODY = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
    private final WebhookSignature signature = new WebhookSignature("It's a Secret to Everybody");

    @Test
    void computesGitHubsDocumentedExample() {
        // the example of GitHub's "Validating webhook deliveries" page: secret, body and the header it gives
        byte[] hello = "Hello, World!".getBytes(StandardCharsets.UTF_8);

        assertThat(signature.sign(hello))
                .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        assertThat(signature.problemWith(
                        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", hello))
                .isNull();
    }

    @Test
    void acceptsTheBodysOwnSignatureInEitherCase() {
        assertThat(signature.problemWith(signature.sign(BODY), BODY)).isNull();
        assertThat(signature.problemWith(signature.sign(BODY).toUpperCase(), BODY))
                .isNull();
    }

    @Test
    void refusesATamperedBody() {
        String header = signature.sign(BODY);
        byte[] tampered = "{\"zen\":\"Keep it logically awesome!\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(signature.problemWith(header, tampered)).startsWith("X-Hub-Signature-256 does not match the body");
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        String other = new WebhookSignature("another secret").sign(BODY);

        assertThat(signature.problemWith(other, BODY)).startsWith("X-Hub-Signature-256 does not match the body");
    }

    @Test
    void refusesMissingAndMalformedHeaders() {
        assertThat(signature.problemWith(null, BODY)).startsWith("missing X-Hub-Signature-256 header");
        assertThat(signature.problemWith(" ", BODY)).startsWith("missing X-Hub-Signature-256 header");
        assertThat(signature.problemWith("sha1=0123", BODY)).isEqualTo("X-Hub-Signature-256 must start with sha256=");
        assertThat(signature.problemWith("sha256=xyz", BODY))
                .isEqualTo("X-Hub-Signature-256 is not sha256= followed by hex digits");
        assertThat(signature.problemWith("sha256=00", BODY)).startsWith("X-Hub-Signature-256 does not match the body");
    }
}

package dev.descheduler.collector.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw request body, keyed with the
 * webhook secret. Compared in constant time so the answer's timing does not reveal how much of a forged signature was
 * right. Thread-safe (one {@link Mac} per check: a Mac is not).
 */
final class WebhookSignature {

    static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    WebhookSignature(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The header value GitHub sends for {@code body}. */
    String sign(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(body));
    }

    /** Null when {@code header} is the body's signature, else why not (for the 401's body). */
    String problemWith(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            return "missing " + HEADER + " header: set the webhook's secret in GitHub to the collector's"
                    + " GITHUB_WEBHOOK_SECRET";
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return HEADER + " must start with " + PREFIX;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return HEADER + " is not " + PREFIX + " followed by hex digits";
        }
        if (!MessageDigest.isEqual(mac(body), presented)) {
            return HEADER + " does not match the body: the secret differs from GITHUB_WEBHOOK_SECRET, or the body was"
                    + " changed on the way";
        }
        return null;
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // HmacSHA256 is required of every Java platform and any byte key is valid for it
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}

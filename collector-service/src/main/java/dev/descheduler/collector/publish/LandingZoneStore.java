package dev.descheduler.collector.publish;

import dev.descheduler.collector.batch.EncodedBatch;
import dev.descheduler.collector.config.CollectorProperties;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A prefix of the S3 landing-zone bucket holding batch files as {@code <prefix>/yyyy/MM/dd/<batch id>.avro}: {@code
 * landing_zone/} for batches that Kafka could not take until the replayer brings them there, {@code dead_letter/} for
 * batches Kafka refused for good (with the reason as object metadata).
 */
public final class LandingZoneStore implements AutoCloseable {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    /** The prefix of dead letters, next to the landing zone's own in the same bucket. */
    public static final String DEAD_LETTER_PREFIX = "dead_letter";
    /** S3 user metadata travels as HTTP headers: printable ASCII, 2 KB for all of them. */
    private static final int MAX_REASON_LENGTH = 1024;

    private final CollectorProperties.LandingZone settings;
    private final String prefix;
    private final S3Client s3;
    private final Clock clock;

    public LandingZoneStore(CollectorProperties.LandingZone settings, Clock clock) {
        this(settings, settings.prefix(), clock);
    }

    public LandingZoneStore(CollectorProperties.LandingZone settings, String prefix, Clock clock) {
        this.settings = settings;
        this.prefix = prefix;
        this.clock = clock;
        this.s3 = S3Client.builder()
                .endpointOverride(URI.create(settings.endpoint()))
                .region(Region.of(settings.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.timeout())
                        .socketTimeout(settings.timeout())
                        .build())
                .overrideConfiguration(c -> c.apiCallTimeout(settings.timeout().multipliedBy(2)))
                .build();
    }

    public String put(EncodedBatch batch) {
        return put(batch, java.util.Map.of("event-count", Integer.toString(batch.eventCount())));
    }

    /** Stores a dead letter with the reason Kafka gave. */
    public String put(EncodedBatch batch, String reason) {
        return put(
                batch, java.util.Map.of("event-count", Integer.toString(batch.eventCount()), "reason", ascii(reason)));
    }

    private String put(EncodedBatch batch, java.util.Map<String, String> metadata) {
        String key = keyOf(batch.batchId());
        s3.putObject(
                b -> b.bucket(settings.bucket())
                        .key(key)
                        .contentType("avro/binary")
                        .metadata(metadata),
                RequestBody.fromBytes(batch.avroFile()));
        return key;
    }

    private static String ascii(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= MAX_REASON_LENGTH ? printable : printable.substring(0, MAX_REASON_LENGTH);
    }

    public List<String> list(int max) {
        return s3
                .listObjectsV2(
                        b -> b.bucket(settings.bucket()).prefix(prefix + "/").maxKeys(max))
                .contents()
                .stream()
                .map(S3Object::key)
                .filter(key -> key.endsWith(".avro"))
                .toList();
    }

    public byte[] read(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(key)).asByteArray();
    }

    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
    }

    String keyOf(String batchId) {
        return prefix + "/" + LocalDate.now(clock.withZone(ZoneOffset.UTC)).format(DAY) + "/" + batchId + ".avro";
    }

    /** The batch id a landing-zone key was written under. */
    public static String batchIdOf(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return name.substring(0, name.length() - ".avro".length());
    }

    @Override
    public void close() {
        s3.close();
    }
}

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
 * The S3 landing zone: batches that Kafka could not take, as {@code landing_zone/yyyy/MM/dd/<batch id>.avro}, until
 * the replayer brings them to Kafka.
 */
public final class LandingZoneStore implements AutoCloseable {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final CollectorProperties.LandingZone settings;
    private final S3Client s3;
    private final Clock clock;

    public LandingZoneStore(CollectorProperties.LandingZone settings, Clock clock) {
        this.settings = settings;
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
        String key = keyOf(batch.batchId());
        s3.putObject(
                b -> b.bucket(settings.bucket())
                        .key(key)
                        .contentType("avro/binary")
                        .metadata(java.util.Map.of("event-count", Integer.toString(batch.eventCount()))),
                RequestBody.fromBytes(batch.avroFile()));
        return key;
    }

    public List<String> list(int max) {
        return s3
                .listObjectsV2(b -> b.bucket(settings.bucket())
                        .prefix(settings.prefix() + "/")
                        .maxKeys(max))
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
        return settings.prefix() + "/"
                + LocalDate.now(clock.withZone(ZoneOffset.UTC)).format(DAY) + "/" + batchId + ".avro";
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

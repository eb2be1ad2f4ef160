package dev.descheduler.cli.deadletter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The collector's dead letters: the landing zone's {@code dead_letter/} prefix (reason in the object's metadata) and
 * the local dead-letter folder ({@code <batch id>.avro} next to {@code <batch id>.reason}).
 */
final class DeadLetterSource implements AutoCloseable {

    static final String PREFIX = "dead_letter/";
    private static final String REASON_SUFFIX = ".reason";

    /** One dead letter: where it is, its batch id, its size and why Kafka refused it. */
    record DeadLetter(String location, String batchId, long bytes, String reason) {}

    private final S3Client s3;
    private final String bucket;
    private final Path dir;

    DeadLetterSource(DeadLetterOptions options) {
        this.bucket = options.s3Bucket;
        this.dir = options.dir;
        this.s3 = options.s3Endpoint == null
                ? null
                : S3Client.builder()
                        .endpointOverride(URI.create(options.s3Endpoint))
                        .region(Region.of(options.s3Region))
                        .forcePathStyle(true)
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(options.s3AccessKey, options.s3SecretKey)))
                        .httpClient(UrlConnectionHttpClient.create())
                        .build();
    }

    List<DeadLetter> list() {
        List<DeadLetter> letters = new ArrayList<>();
        if (s3 != null) {
            for (S3Object object : s3.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix(PREFIX))
                    .contents()) {
                if (!object.key().endsWith(".avro")) {
                    continue;
                }
                String reason = s3.headObject(b -> b.bucket(bucket).key(object.key()))
                        .metadata()
                        .getOrDefault("reason", "");
                letters.add(new DeadLetter(
                        "s3://" + bucket + "/" + object.key(), batchId(object.key()), object.size(), reason));
            }
        }
        if (dir != null && Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".avro"))
                        .sorted()
                        .toList()) {
                    String id = batchId(file.getFileName().toString());
                    Path reasonFile = dir.resolve(id + REASON_SUFFIX);
                    String reason =
                            Files.exists(reasonFile) ? Files.readString(reasonFile, StandardCharsets.UTF_8) : "";
                    letters.add(new DeadLetter(file.toString(), id, Files.size(file), reason));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir, e);
            }
        }
        return letters;
    }

    byte[] read(DeadLetter letter) throws IOException {
        if (letter.location().startsWith("s3://")) {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(letter))).asByteArray();
        }
        return Files.readAllBytes(Path.of(letter.location()));
    }

    void delete(DeadLetter letter) throws IOException {
        if (letter.location().startsWith("s3://")) {
            s3.deleteObject(b -> b.bucket(bucket).key(key(letter)));
            return;
        }
        Files.delete(Path.of(letter.location()));
        Files.deleteIfExists(dir.resolve(letter.batchId() + REASON_SUFFIX));
    }

    private String key(DeadLetter letter) {
        return letter.location().substring(("s3://" + bucket + "/").length());
    }

    private static String batchId(String name) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        return file.substring(0, file.length() - ".avro".length());
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}

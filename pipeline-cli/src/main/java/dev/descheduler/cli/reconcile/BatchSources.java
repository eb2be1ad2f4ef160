package dev.descheduler.cli.reconcile;

import dev.descheduler.events.BatchHeaders;
import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.avro.GitHubEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads every batch from where the collector puts them: the Kafka topic, the S3 landing zone, local folders. */
final class BatchSources {

    /** One decoded batch and where it was found. */
    record FoundBatch(String location, String batchId, List<GitHubEvent> events, long bytes, String problem) {}

    private BatchSources() {}

    static void kafka(String bootstrapServers, String topic, Consumer<FoundBatch> sink) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("max.partition.fetch.bytes", Integer.toString(32 << 20));
        p.put("fetch.max.bytes", Integer.toString(64 << 20));
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    sink.accept(decode("kafka", record.key(), record.value(), headerProblem(record)));
                }
            }
        }
    }

    /** Headers must agree with the message: batch id = key, event count = decoded count, a known schema. */
    private static String headerProblem(ConsumerRecord<String, byte[]> record) {
        String batchId = header(record, BatchHeaders.BATCH_ID);
        String count = header(record, BatchHeaders.EVENT_COUNT);
        String fingerprint = header(record, BatchHeaders.SCHEMA_FINGERPRINT);
        if (batchId == null || !batchId.equals(record.key())) {
            return "batch_id header " + batchId + " differs from key " + record.key();
        }
        if (fingerprint == null || fingerprint.isBlank()) {
            return "no schema_fingerprint header";
        }
        return count == null ? "no event_count header" : "count:" + count;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static void landingZone(
            String endpoint, String bucket, String accessKey, String secretKey, Consumer<FoundBatch> sink) {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            for (S3Object object : s3.listObjectsV2Paginator(
                            b -> b.bucket(bucket).prefix("landing_zone/"))
                    .contents()) {
                byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key()))
                        .asByteArray();
                sink.accept(decode("landing_zone", object.key(), bytes, null));
            }
        }
    }

    static void folder(String location, Path dir, Consumer<FoundBatch> sink) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avro")).toList()) {
                sink.accept(decode(location, file.getFileName().toString(), Files.readAllBytes(file), null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    private static FoundBatch decode(String location, String name, byte[] bytes, String headerCheck) {
        try {
            List<GitHubEvent> events = EventBatchCodec.decode(bytes);
            String problem = null;
            if (headerCheck != null && headerCheck.startsWith("count:")) {
                if (Integer.parseInt(headerCheck.substring(6)) != events.size()) {
                    problem = "event_count header " + headerCheck.substring(6) + " but " + events.size() + " events";
                }
            } else if (headerCheck != null) {
                problem = headerCheck;
            }
            return new FoundBatch(location, name, events, bytes.length, problem);
        } catch (IOException e) {
            return new FoundBatch(location, name, List.of(), bytes.length, "not a readable batch: " + e.getMessage());
        }
    }
}

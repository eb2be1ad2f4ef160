package dev.descheduler.cli.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.cli.PipelineCli;
import dev.descheduler.events.BatchHeaders;
import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.JsonLimits;
import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.localstack.LocalStack;
import dev.descheduler.localstack.LocalStackExtension;
import dev.descheduler.localstack.LocalStackServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code dead-letters list} and {@code republish} on the collector's two dead-letter places (the landing zone's
 * dead_letter/ prefix and the local folder) against a real broker and S3 server.
 */
@ExtendWith(LocalStackExtension.class)
@LocalStackServers({LocalStack.Server.KAFKA, LocalStack.Server.S3})
class DeadLettersCommandIT {

    private static LocalStack stack;
    private static Path dir;

    @BeforeAll
    static void start(LocalStack localStack) throws Exception {
        stack = localStack;
        Files.createDirectories(Path.of("target"));
        dir = Files.createTempDirectory(Path.of("target"), "dead-letters-");
    }

    @Test
    void listsDeadLettersWithTheirReasonAndRepublishesThemOnceTheTopicTakesThem() throws Exception {
        List<GitHubEvent> inS3 = events(3, 0);
        List<GitHubEvent> onDisk = events(2, 10);
        try (S3Client s3 = s3()) {
            s3.putObject(
                    b -> b.bucket(stack.bucket())
                            .key("dead_letter/2026/12/02/batch-s3.avro")
                            .metadata(Map.of("reason", "RecordTooLargeException: too large for the topic")),
                    RequestBody.fromBytes(EventBatchCodec.encode(inS3)));
        }
        Files.write(dir.resolve("batch-disk.avro"), EventBatchCodec.encode(onDisk));
        Files.writeString(dir.resolve("batch-disk.reason"), "TopicAuthorizationException: not allowed");

        Run list = run("dead-letters", "list");
        assertThat(list.exitCode).isZero();
        assertThat(list.out)
                .contains("batch-s3\t")
                .contains("RecordTooLargeException: too large for the topic")
                .contains("batch-disk\t")
                .contains("TopicAuthorizationException: not allowed")
                .contains("2 dead letters");

        createTopic("too_small", 1_000);
        Run refused = run("dead-letters", "republish", "--topic", "too_small");
        assertThat(refused.exitCode).isEqualTo(1);
        assertThat(refused.err).contains("batch-s3 refused again").contains("RecordTooLargeException");
        assertThat(run("dead-letters", "list").out).contains("2 dead letters");

        createTopic("fixed", 1 << 20);
        Run republished = run("dead-letters", "republish", "--topic", "fixed");
        assertThat(republished.exitCode).isZero();
        assertThat(republished.out).contains("2 republished, 0 refused");
        assertThat(run("dead-letters", "list").out).contains("0 dead letters");
        assertThat(dir.resolve("batch-disk.reason")).doesNotExist();

        List<String> expected = new ArrayList<>();
        inS3.forEach(e -> expected.add(e.getIngestId()));
        onDisk.forEach(e -> expected.add(e.getIngestId()));
        assertThat(ingestIds("fixed")).containsExactlyInAnyOrderElementsOf(expected);
    }

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(
                "--s3-endpoint", stack.s3().endpoint(),
                "--s3-bucket", stack.bucket(),
                "--s3-access-key", stack.s3().accessKey(),
                "--s3-secret-key", stack.s3().secretKey(),
                "--dir", dir.toString()));
        if (command[1].equals("republish")) {
            args.addAll(List.of("--bootstrap-servers", stack.kafka().bootstrapServers()));
        }
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new PipelineCli()).execute(args.toArray(String[]::new));
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private static List<GitHubEvent> events(int count, int first) throws Exception {
        EventJsonDecoder decoder = new EventJsonDecoder(JsonLimits.defaults());
        List<GitHubEvent> events = new ArrayList<>();
        for (int n = first; n < first + count; n++) {
            byte[] json = ("{\"id\":\"" + (9_000_000_000L + n) + "\",\"type\":\"WatchEvent\",\"actor\":{\"id\":" + n
                            + ",\"login\":\"u" + n + "\"},\"repo\":{\"id\":7,\"name\":\"acme/r\"},"
                            + "\"payload\":{\"action\":\"started\"},\"public\":true,"
                            + "\"created_at\":\"2015-01-01T00:00:00Z\"}")
                    .getBytes(StandardCharsets.UTF_8);
            events.add(decoder.decode(json, 0, json.length, "ingest-" + n, Instant.now()));
        }
        return events;
    }

    private static void createTopic(String name, int maxMessageBytes) throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1)
                            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes)))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> ingestIds(String topic) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", stack.kafka().bootstrapServers());
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("topic " + topic + " not read to offset " + end + " within 60 s");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    assertThat(new String(
                                    record.headers()
                                            .lastHeader(BatchHeaders.BATCH_ID)
                                            .value(),
                                    StandardCharsets.UTF_8))
                            .isEqualTo(record.key());
                    EventBatchCodec.decode(record.value()).forEach(e -> ids.add(e.getIngestId()));
                }
            }
        }
        return ids;
    }

    private static S3Client s3() {
        return S3Client.builder()
                .endpointOverride(URI.create(stack.s3().endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        stack.s3().accessKey(), stack.s3().secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}

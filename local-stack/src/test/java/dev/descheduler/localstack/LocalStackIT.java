package dev.descheduler.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final String TOPIC = "local-stack-it";

    @Test
    @Order(1)
    void kafkaKeepsAcknowledgedMessagesAcrossAStopAndAKill(LocalStack stack) throws Exception {
        KafkaBroker kafka = stack.kafka();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
        produce(kafka, "before-stop");

        kafka.stop();
        assertThat(kafka.isRunning()).isFalse();
        kafka.start();
        produce(kafka, "after-restart");
        kafka.kill();
        kafka.start();

        assertThat(consumeAll(kafka)).containsExactly("before-stop", "after-restart");
    }

    @Test
    @Order(2)
    void s3KeepsObjectsAcrossARestart(LocalStack stack) {
        S3Server s3 = stack.s3();
        try (S3Client client = s3Client(s3)) {
            client.putObject(b -> b.bucket(stack.bucket()).key("a/b.txt"), RequestBody.fromString("hello"));
        }
        s3.stop();
        s3.start();
        try (S3Client client = s3Client(s3)) {
            assertThat(client.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("a/b.txt"))
                            .asUtf8String())
                    .isEqualTo("hello");
            assertThat(client.listObjectsV2(b -> b.bucket(stack.bucket()).prefix("a/"))
                            .contents())
                    .extracting(o -> o.key())
                    .containsExactly("a/b.txt");
        }
    }

    @Test
    @Order(3)
    void postgresKeepsCommittedRowsAfterItsProcessIsKilled(LocalStack stack) throws Exception {
        PostgresServer postgres = stack.postgres();
        try (Connection db = connect(postgres);
                Statement sql = db.createStatement()) {
            sql.execute("create table survivors (name text)");
            sql.execute("insert into survivors values ('row-1')");
        }

        postgres.kill();
        postgres.start();

        try (Connection db = connect(postgres);
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("select name from survivors")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("row-1");
        }
    }

    @Test
    @Order(4)
    void envPointsClientsAtEveryServer(LocalStack stack) {
        assertThat(stack.env())
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers())
                .containsEntry("MINIO_ENDPOINT", stack.s3().endpoint())
                .containsEntry("MINIO_BUCKET", "warehouse")
                .containsEntry("ICEBERG_JDBC_URL", stack.postgres().jdbcUrl());
    }

    @Test
    @Order(5)
    void postgresOfATestStackSkipsFsyncAndSynchronousCommit(LocalStack stack) throws Exception {
        assertThat(stack.postgres().durability()).isEqualTo(PostgresServer.Durability.FAST_UNSAFE);
        assertThat(setting(stack.postgres(), "fsync")).isEqualTo("off");
        assertThat(setting(stack.postgres(), "synchronous_commit")).isEqualTo("off");
    }

    @Test
    void postgresOfMakeUpIsDurableByDefault(@TempDir Path dir) throws Exception {
        // the builder as LocalStackMain run (`make up`) uses it: no test-only settings
        try (LocalStack stack = LocalStack.builder()
                .dataDir(dir)
                .servers(java.util.EnumSet.of(LocalStack.Server.POSTGRES))
                .postgresPort(0)
                .build()
                .start()) {
            assertThat(stack.postgres().durability()).isEqualTo(PostgresServer.Durability.DURABLE);
            assertThat(setting(stack.postgres(), "fsync")).isEqualTo("on");
            assertThat(setting(stack.postgres(), "synchronous_commit")).isEqualTo("on");
            assertThat(setting(stack.postgres(), "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void aTakenPortIsAClearErrorNamingServerAndPort(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalStack stack = LocalStack.builder()
                    .dataDir(dir)
                    .servers(java.util.EnumSet.of(LocalStack.Server.S3))
                    .s3Port(taken.getLocalPort())
                    .build();

            assertThatThrownBy(stack::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("S3 port " + taken.getLocalPort() + " is already in use");
        }
    }

    private static void produce(KafkaBroker kafka, String value) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("acks", "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, value)).get();
        }
    }

    private static List<String> consumeAll(KafkaBroker kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static S3Client s3Client(S3Server s3) {
        return S3Client.builder()
                .endpointOverride(URI.create(s3.endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static String setting(PostgresServer postgres, String name) throws Exception {
        try (Connection db = connect(postgres);
                Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("show " + name)) {
            assertThat(rows.next()).as("SHOW %s returns a row", name).isTrue();
            return rows.getString(1);
        }
    }

    private static Connection connect(PostgresServer postgres) throws Exception {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }
}

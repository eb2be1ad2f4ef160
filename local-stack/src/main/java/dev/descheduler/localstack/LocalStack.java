package dev.descheduler.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Real Kafka, S3 and PostgreSQL servers on loopback, each in a child process, for `make up` and integration tests.
 * Ports given as 0 are picked once, so a server restarted later comes back on the same port with the same data.
 */
public final class LocalStack implements AutoCloseable {

    public enum Server {
        KAFKA,
        S3,
        POSTGRES
    }

    private final Set<Server> servers;
    private final KafkaBroker kafka;
    private final S3Server s3;
    private final PostgresServer postgres;
    private final String bucket;

    private LocalStack(Builder b) {
        this.servers = EnumSet.copyOf(b.servers);
        this.bucket = b.bucket;
        this.kafka = new KafkaBroker(port(b.kafkaPort), port(b.kafkaControllerPort), b.dataDir.resolve("kafka"));
        this.s3 = new S3Server(port(b.s3Port), b.dataDir.resolve("s3"), b.s3AccessKey, b.s3SecretKey);
        this.postgres = new PostgresServer(
                port(b.postgresPort),
                b.dataDir.resolve("postgres"),
                b.postgresDurability,
                b.dbUser,
                b.dbPassword,
                b.database);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static int port(int requested) {
        return requested == 0 ? Ports.pickFree() : requested;
    }

    /** Starts the chosen servers side by side; if one fails, the others are stopped again. */
    public LocalStack start() {
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (ServerProcess server : selected()) {
            starts.add(CompletableFuture.runAsync(server::start));
        }
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            stop();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        if (servers.contains(Server.S3)) {
            s3.createBucket(bucket);
        }
        return this;
    }

    /** Graceful stop of every server; the data stays. */
    public void stop() {
        List<ServerProcess> running = selected();
        running.parallelStream().forEach(ServerProcess::stop);
    }

    @Override
    public void close() {
        stop();
    }

    public KafkaBroker kafka() {
        return server(Server.KAFKA, kafka);
    }

    public S3Server s3() {
        return server(Server.S3, s3);
    }

    public PostgresServer postgres() {
        return server(Server.POSTGRES, postgres);
    }

    public String bucket() {
        return bucket;
    }

    /** The environment variables (DESIGN.md names) that point a client at this stack. */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        if (servers.contains(Server.KAFKA)) {
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        }
        if (servers.contains(Server.S3)) {
            env.put("MINIO_ENDPOINT", s3.endpoint());
            env.put("MINIO_ROOT_USER", s3.accessKey());
            env.put("MINIO_ROOT_PASSWORD", s3.secretKey());
            env.put("MINIO_BUCKET", bucket);
        }
        if (servers.contains(Server.POSTGRES)) {
            env.put("ICEBERG_JDBC_URL", postgres.jdbcUrl());
            env.put("ICEBERG_JDBC_USER", postgres.user());
            env.put("ICEBERG_JDBC_PASSWORD", postgres.password());
            env.put("AIRFLOW_DATABASE", PostgresServer.AIRFLOW_DATABASE);
        }
        return env;
    }

    /** Writes {@link #env()} as KEY=VALUE lines, for shells and other tools. */
    public void writeEnvFile(Path file) {
        StringBuilder text = new StringBuilder();
        env().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, text);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private List<ServerProcess> selected() {
        List<ServerProcess> list = new ArrayList<>();
        if (servers.contains(Server.POSTGRES)) {
            list.add(postgres);
        }
        if (servers.contains(Server.S3)) {
            list.add(s3);
        }
        if (servers.contains(Server.KAFKA)) {
            list.add(kafka);
        }
        return list;
    }

    private <T extends ServerProcess> T server(Server which, T server) {
        if (!servers.contains(which)) {
            throw new IllegalStateException(which + " is not part of this local stack (servers: " + servers + ")");
        }
        return server;
    }

    public static final class Builder {
        private Path dataDir = Path.of(".data", "stack");
        private Set<Server> servers = EnumSet.allOf(Server.class);
        private int kafkaPort = 9092;
        private int kafkaControllerPort = 9093;
        private int s3Port = 9000;
        private int postgresPort = 5432;
        private String s3AccessKey = "minioadmin";
        private String s3SecretKey = "minioadmin";
        private String bucket = "warehouse";
        private String dbUser = "lakehouse";
        private String dbPassword = "lakehouse";
        private String database = "iceberg";
        private PostgresServer.Durability postgresDurability = PostgresServer.Durability.DURABLE;

        private Builder() {}

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir.toAbsolutePath();
            return this;
        }

        public Builder servers(Set<Server> servers) {
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("a local stack needs at least one server");
            }
            this.servers = EnumSet.copyOf(servers);
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = checkPort(port);
            return this;
        }

        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = checkPort(port);
            return this;
        }

        public Builder s3Port(int port) {
            this.s3Port = checkPort(port);
            return this;
        }

        public Builder postgresPort(int port) {
            this.postgresPort = checkPort(port);
            return this;
        }

        public Builder s3Credentials(String accessKey, String secretKey) {
            this.s3AccessKey = accessKey;
            this.s3SecretKey = secretKey;
            return this;
        }

        public Builder bucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        /**
         * PostgreSQL without fsync and synchronous commit, for test stacks whose data is thrown away; the default is
         * durable, as `make up` needs.
         */
        public Builder postgresWithoutFsyncForTests() {
            this.postgresDurability = PostgresServer.Durability.FAST_UNSAFE;
            return this;
        }

        /** Every port 0, so parallel test classes never collide. */
        public Builder ephemeralPorts() {
            kafkaPort = 0;
            kafkaControllerPort = 0;
            s3Port = 0;
            postgresPort = 0;
            return this;
        }

        public LocalStack build() {
            return new LocalStack(this);
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (pick a free one) or 1-65535, was " + port);
            }
            return port;
        }
    }
}

package dev.descheduler.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A single-node Kafka broker in KRaft mode (combined broker and controller), Kafka 4.2 in a child JVM. */
public final class KafkaBroker extends ServerProcess {

    /** Large enough for the collector's 4 MiB batches with room to raise them; producers and topics stay below. */
    static final int MESSAGE_MAX_BYTES = 16 * 1024 * 1024;

    private final int controllerPort;

    KafkaBroker(int port, int controllerPort, Path dataDir) {
        super("Kafka", port, dataDir);
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port();
    }

    @Override
    String heap() {
        return "-Xmx512m";
    }

    @Override
    void prepare() throws IOException {
        Path config = writeConfig();
        if (!Files.exists(dataDir().resolve("logs/meta.properties"))) {
            format(config);
        }
    }

    @Override
    List<String> mainAndArgs() {
        return List.of("kafka.Kafka", dataDir().resolve("server.properties").toString());
    }

    @Override
    String readyMarker() {
        return "Kafka Server started";
    }

    private Path writeConfig() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port() + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port());
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir().resolve("logs").toString());
        // one node: every internal topic has a single replica
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("message.max.bytes", Integer.toString(MESSAGE_MAX_BYTES));
        p.setProperty("replica.fetch.max.bytes", Integer.toString(MESSAGE_MAX_BYTES));
        // topics are created on purpose (the collector creates its own with the right limits); a typo must not
        // silently create a new one
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        Path config = dataDir().resolve("server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "written by local-stack");
        }
        return config;
    }

    private void format(Path config) throws IOException {
        Path log = dataDir().resolve("kafka-format.log");
        Process format = launch(
                "-Xmx256m",
                List.of(
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        clusterId(),
                        "-c",
                        config.toString(),
                        "--ignore-formatted"),
                log);
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IOException("formatting Kafka storage failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting Kafka storage", e);
        }
    }

    /**
     * KRaft wants a base64 UUID (22 characters) as cluster id. One in 64 URL-safe encodings starts with '-', which the
     * storage tool's argument parser takes for an option ("argument --cluster-id/-t: expected one argument"): draw
     * again until it does not.
     */
    static String clusterId() {
        String id;
        do {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
        } while (id.startsWith("-"));
        return id;
    }
}

package dev.descheduler.collector;

import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.localstack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real Kafka broker and S3 server for one test class, in a fresh folder under target/, and the collector settings
 * that point at them. Each test class adds its own timings and limits on top.
 */
final class CollectorTestStack {

    private final LocalStack stack;
    private final Path dir;

    private CollectorTestStack(LocalStack stack, Path dir) {
        this.stack = stack;
        this.dir = dir;
    }

    static CollectorTestStack start(String name) throws IOException {
        Files.createDirectories(Path.of("target"));
        Path dir = Files.createTempDirectory(Path.of("target"), name + "-");
        LocalStack stack = LocalStack.builder()
                .dataDir(dir.resolve("stack"))
                .servers(EnumSet.of(LocalStack.Server.KAFKA, LocalStack.Server.S3))
                .ephemeralPorts()
                .build()
                .start();
        return new CollectorTestStack(stack, dir);
    }

    LocalStack servers() {
        return stack;
    }

    /** This test class's folder. */
    Path dir() {
        return dir;
    }

    /** The broker, the landing zone and this class's folders for the collector's journal, spill and fallback. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("collector.kafka.bootstrap-servers", () -> stack.kafka().bootstrapServers());
        registry.add("collector.landing-zone.endpoint", () -> stack.s3().endpoint());
        registry.add("collector.data-dir", () -> dir.resolve("collector").toString());
        registry.add("collector.fallback.dir", () -> dir.resolve("fallback").toString());
    }

    /** Every ingest id on the topic, in topic order, duplicates kept. */
    List<String> ingestIds(String topic) {
        return KafkaTopicReader.readAll(stack.kafka().bootstrapServers(), topic).stream()
                .map(GitHubEvent::getIngestId)
                .toList();
    }

    void stop() {
        stack.stop();
    }
}

package dev.descheduler.collector.pipeline;

import dev.descheduler.collector.config.CollectorProperties;
import dev.descheduler.collector.journal.EventJournal;
import dev.descheduler.collector.publish.BatchDelivery;
import dev.descheduler.collector.publish.DeadLetterStore;
import dev.descheduler.collector.publish.KafkaBatchPublisher;
import dev.descheduler.collector.publish.KafkaState;
import dev.descheduler.collector.publish.LocalFallbackStore;
import dev.descheduler.collector.publish.RetryPolicy;
import dev.descheduler.collector.publish.TopicCheck;
import dev.descheduler.collector.replay.Replayer;
import dev.descheduler.collector.spill.SpillStore;
import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.JsonLimits;
import dev.descheduler.events.avro.GitHubEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A real pipeline (journal, spill, batch worker, delivery) on a temporary folder, with Kafka marked down and no
 * landing zone, so every batch takes the last fallback: the local folder, which a test can read back.
 */
public final class PipelineFixture implements AutoCloseable {

    static final EventJsonDecoder DECODER = new EventJsonDecoder(JsonLimits.defaults());

    final Path root;
    public final CollectorProperties settings;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final EventJournal journal;
    public final DeliveryPipeline pipeline;
    public final SpillStore spill;
    public final LocalFallbackStore fallback;
    public final KafkaState kafkaState = new KafkaState();
    /** Not started unless a test starts it. */
    public final Replayer replayer;

    private final KafkaBatchPublisher kafka;
    private int next;

    public PipelineFixture(Path root, CollectorProperties.AckMode mode, int queueSize, long journalSegmentBytes) {
        this(root, mode, queueSize, journalSegmentBytes, 2, null);
    }

    /**
     * With {@code workers} delivery workers (application.yml's default is 2) storing batches in {@code store}, or in
     * the real delivery (Kafka down, so the local fallback folder) when it is null.
     */
    PipelineFixture(
            Path root,
            CollectorProperties.AckMode mode,
            int queueSize,
            long journalSegmentBytes,
            int workers,
            DeliveryPipeline.BatchStore store) {
        this.root = root;
        this.settings = new CollectorProperties(
                mode,
                root.resolve("data"),
                new CollectorProperties.Ingest(64 * 1024, 256 * 1024, 64, 1 << 20, 1 << 20, List.of()),
                new CollectorProperties.Queue(queueSize, 80),
                new CollectorProperties.Batch(100, 4 << 20, Duration.ofMillis(100)),
                new CollectorProperties.Delivery(workers),
                new CollectorProperties.Kafka(
                        "127.0.0.1:1", "t", 1, 1, 0.1, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new CollectorProperties.LandingZone(
                        false, "http://unused", "b", "landing_zone", "k", "s", "us-east-1", Duration.ofSeconds(1)),
                new CollectorProperties.Fallback(root.resolve("fallback")),
                new CollectorProperties.Spill(10_000),
                new CollectorProperties.Shutdown(Duration.ofSeconds(5)));
        this.kafka = new KafkaBatchPublisher(
                new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
                        Map.of("bootstrap.servers", "127.0.0.1:1"), new StringSerializer(), new ByteArraySerializer())),
                new KafkaAdmin(Map.of("bootstrap.servers", "127.0.0.1:1")),
                new NewTopic("t", 1, (short) 1),
                new TopicCheck("t", 1 << 20, kafkaState, registry),
                Duration.ofSeconds(1));
        kafkaState.markDown(new IOException("Kafka is not part of this test"));
        this.fallback = new LocalFallbackStore(settings.fallback().dir());
        BatchDelivery delivery = new BatchDelivery(
                kafka,
                new RetryPolicy(settings.kafka(), () -> {}),
                kafkaState,
                null,
                fallback,
                new DeadLetterStore(null, new LocalFallbackStore(root.resolve("dead-letter")), registry),
                settings.fallback(),
                registry);
        this.journal = mode == CollectorProperties.AckMode.DURABLE
                ? new EventJournal(settings.journalDir(), journalSegmentBytes, DECODER, registry)
                : null;
        this.spill = new SpillStore(settings.spillDir(), settings.spill().maxBytes(), registry);
        this.pipeline = store == null
                ? new DeliveryPipeline(settings, journal, spill, delivery, fallback, registry)
                : new DeliveryPipeline(settings, journal, spill, store, fallback, registry);
        this.replayer =
                new Replayer(kafka, kafkaState, delivery, spill, fallback, null, Duration.ofSeconds(1), registry);
    }

    /** Events as the ingest handler hands them over: decoded, with their JSON. */
    List<ValidatedEvent> events(int count) {
        List<ValidatedEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = next++;
            byte[] json = ("{\"id\":\"" + n + "\",\"type\":\"WatchEvent\",\"actor\":{\"id\":" + n + ",\"login\":\"u" + n
                            + "\"},\"repo\":{\"id\":7,\"name\":\"a/b\"},\"created_at\":\"2015-01-01T00:00:00Z\"}")
                    .getBytes(StandardCharsets.UTF_8);
            try {
                GitHubEvent event = DECODER.decode(json, 0, json.length, "ingest-" + n, Instant.now());
                events.add(new ValidatedEvent(event, json, 0, json.length));
            } catch (dev.descheduler.events.InvalidEventException e) {
                throw new AssertionError(e);
            }
        }
        return events;
    }

    static List<String> ids(List<ValidatedEvent> events) {
        return events.stream().map(e -> e.event().getIngestId()).toList();
    }

    /** Ingest ids of every batch in the local fallback folder. */
    List<String> idsInFallback() throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(settings.fallback().dir())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avro")).toList()) {
                EventBatchCodec.decode(Files.readAllBytes(file)).forEach(e -> ids.add(e.getIngestId()));
            }
        }
        return ids;
    }

    @Override
    public void close() {
        replayer.close();
        pipeline.stop();
    }
}

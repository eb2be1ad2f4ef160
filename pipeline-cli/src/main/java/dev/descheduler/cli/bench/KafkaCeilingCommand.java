package dev.descheduler.cli.bench;

import dev.descheduler.cli.source.EventLines;
import dev.descheduler.events.BatchHeaders;
import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.JsonLimits;
import dev.descheduler.events.avro.GitHubEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The Kafka producer's ceiling for the collector's benchmark: the same Avro batches (real events, encoded before the
 * clock starts), sent with the collector's producer settings, one batch at a time and acknowledged before the next,
 * as the collector's batch worker does. What the collector reaches is quoted against this. Each run also sends the same
 * batches through Spring Kafka's KafkaTemplate (what the collector uses), so the two clients compare in one run.
 */
@Command(
        name = "bench-kafka",
        mixinStandardHelpOptions = true,
        description = "Measures the Kafka producer alone sending the collector's Avro batches (a benchmark ceiling).")
public final class KafkaCeilingCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", description = "GH Archive files or folders (NDJSON, .ndjson.gz, .json.gz)")
    List<Path> inputs;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "bench_producer_ceiling", description = "a topic of its own")
    String topic;

    @Option(names = "--batch-size", defaultValue = "1000", description = "events per Avro batch (BATCH_MAX_SIZE)")
    int batchSize;

    @Option(names = "--runs", defaultValue = "3")
    int runs;

    @Override
    public Integer call() throws Exception {
        List<byte[]> batches = encodeBatches();
        long events = eventCount;
        long bytes = 0;
        for (byte[] batch : batches) {
            bytes += batch.length;
        }
        createTopic();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        producerSettings("bench-kafka"), new StringSerializer(), new ByteArraySerializer());
                SpringTemplate spring = new SpringTemplate(producerSettings("bench-kafka-spring"))) {
            List<byte[]> warmUp = batches.subList(0, Math.min(3, batches.size()));
            send(producer, warmUp); // connection and metadata warm-up
            sendWithTemplate(spring.template, warmUp);
            List<Double> plainRates = new ArrayList<>();
            List<Double> springRates = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                // alternate which goes first, so neither always gets the warmer broker
                boolean plainFirst = run % 2 == 1;
                double first = plainFirst
                        ? time(() -> send(producer, batches))
                        : time(() -> sendWithTemplate(spring.template, batches));
                double second = plainFirst
                        ? time(() -> sendWithTemplate(spring.template, batches))
                        : time(() -> send(producer, batches));
                double plainSeconds = plainFirst ? first : second;
                double springSeconds = plainFirst ? second : first;
                plainRates.add(events / plainSeconds);
                springRates.add(events / springSeconds);
                System.out.printf(
                        "kafka producer ceiling run %d: %.0f events/s, %.1f MB/s (%d batches, %d events)%n",
                        run, events / plainSeconds, bytes / plainSeconds / 1e6, batches.size(), events);
                System.out.printf(
                        "spring kafka template run %d: %.0f events/s, %.1f MB/s%n",
                        run, events / springSeconds, bytes / springSeconds / 1e6);
            }
            double plain = median(plainRates);
            double template = median(springRates);
            System.out.printf("kafka producer ceiling median: %.0f events/s%n", plain);
            System.out.printf(
                    "spring kafka template (collector's client) median of the same runs: %.0f events/s = %.1f%% of the"
                            + " plain producer%n",
                    template, 100 * template / plain);
        } finally {
            deleteTopic();
        }
        return 0;
    }

    private interface Sending {
        void run() throws Exception;
    }

    private static double time(Sending sending) throws Exception {
        long start = System.nanoTime();
        sending.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    /** Spring Kafka's template on a DefaultKafkaProducerFactory with the same settings, as the collector sends. */
    private static final class SpringTemplate implements AutoCloseable {
        private final DefaultKafkaProducerFactory<String, byte[]> factory;
        private final KafkaTemplate<String, byte[]> template;

        SpringTemplate(Map<String, Object> settings) {
            factory = new DefaultKafkaProducerFactory<>(settings, new StringSerializer(), new ByteArraySerializer());
            template = new KafkaTemplate<>(factory);
        }

        @Override
        public void close() {
            factory.destroy();
        }
    }

    /** A topic of its own, like the collector's (3 partitions, room for 16 MiB messages); brokers here do not
     * create topics on first use. */
    private void createTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) -1)
                            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(16 << 20)))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private void deleteTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Events in the encoded batches. */
    private long eventCount;

    private List<byte[]> encodeBatches() throws Exception {
        EventJsonDecoder decoder = new EventJsonDecoder(JsonLimits.defaults());
        List<byte[]> batches = new ArrayList<>();
        List<GitHubEvent> current = new ArrayList<>(batchSize);
        Instant now = Instant.now();
        for (Path file : EventLines.expand(inputs)) {
            EventLines.forEachLine(file, line -> {
                byte[] json = line.getBytes(StandardCharsets.UTF_8);
                try {
                    current.add(decoder.decode(
                            json, 0, json.length, UUID.randomUUID().toString(), now));
                } catch (Exception e) {
                    throw new IllegalArgumentException("not a valid event in " + file + ": " + e.getMessage(), e);
                }
                if (current.size() == batchSize) {
                    batches.add(EventBatchCodec.encode(current));
                    eventCount += current.size();
                    current.clear();
                }
            });
        }
        if (!current.isEmpty()) {
            batches.add(EventBatchCodec.encode(current));
            eventCount += current.size();
        }
        return batches;
    }

    private void send(KafkaProducer<String, byte[]> producer, List<byte[]> batches) throws Exception {
        for (byte[] batch : batches) {
            producer.send(batchRecord(batch)).get();
        }
    }

    private void sendWithTemplate(KafkaTemplate<String, byte[]> template, List<byte[]> batches) throws Exception {
        for (byte[] batch : batches) {
            template.send(batchRecord(batch)).get();
        }
    }

    // both clients get the same record (key and batch-id header), so the comparison measures only the client
    private ProducerRecord<String, byte[]> batchRecord(byte[] batch) {
        String id = UUID.randomUUID().toString();
        return new ProducerRecord<>(
                topic,
                null,
                id,
                batch,
                List.of(new RecordHeader(BatchHeaders.BATCH_ID, id.getBytes(StandardCharsets.UTF_8))));
    }

    /** The collector's producer settings (collector-service config/KafkaConfiguration). */
    private Map<String, Object> producerSettings(String clientId) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 5 << 20);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return p;
    }
}

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
import java.util.Properties;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The Kafka producer's ceiling for the collector's benchmark: the same Avro batches (real events, encoded before the
 * clock starts), sent with the collector's producer settings, one batch at a time and acknowledged before the next,
 * as the collector's batch worker does. What the collector reaches is quoted against this.
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
        try (KafkaProducer<String, byte[]> producer = producer()) {
            send(producer, batches.subList(0, Math.min(3, batches.size()))); // connection and metadata warm-up
            List<Double> rates = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                long start = System.nanoTime();
                send(producer, batches);
                double seconds = (System.nanoTime() - start) / 1e9;
                rates.add(events / seconds);
                System.out.printf(
                        "kafka producer ceiling run %d: %.0f events/s, %.1f MB/s (%d batches, %d events)%n",
                        run, events / seconds, bytes / seconds / 1e6, batches.size(), events);
            }
            rates.sort(Double::compare);
            System.out.printf("kafka producer ceiling median: %.0f events/s%n", rates.get(rates.size() / 2));
        } finally {
            deleteTopic();
        }
        return 0;
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
            String id = UUID.randomUUID().toString();
            producer.send(new ProducerRecord<>(
                            topic,
                            null,
                            id,
                            batch,
                            List.of(new RecordHeader(BatchHeaders.BATCH_ID, id.getBytes(StandardCharsets.UTF_8)))))
                    .get();
        }
    }

    /** The collector's producer settings (collector-service KafkaBatchPublisher). */
    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 5 << 20);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-kafka");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}

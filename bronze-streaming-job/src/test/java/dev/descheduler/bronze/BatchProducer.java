package dev.descheduler.bronze;

import dev.descheduler.events.BatchHeaders;
import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.avro.GitHubEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes batches the way the collector does: one Avro container file per message, key and headers = batch id. */
final class BatchProducer implements AutoCloseable {

    /** Where one message landed, and how many events it holds (0 for a corrupt one). */
    record Sent(String batchId, int partition, long offset, int events) {}

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    BatchProducer(String bootstrapServers, String topic, int partitions) throws Exception {
        this.topic = topic;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get();
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("max.request.size", Integer.toString(8 << 20));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    Sent send(List<GitHubEvent> events) throws ExecutionException, InterruptedException {
        return send(EventBatchCodec.encode(events), events.size(), EventBatchCodec.schemaFingerprint());
    }

    /** As a producer already on envelope v2 would: the events written with the v2 schema, delivery ids set. */
    Sent sendAsV2(List<GitHubEvent> events) throws ExecutionException, InterruptedException {
        return send(EnvelopeV2.encode(events), events.size(), EnvelopeV2.fingerprint());
    }

    /** A message whose value is not what its headers promise, as a broken producer might send. */
    Sent sendCorrupt(byte[] value) throws ExecutionException, InterruptedException {
        return send(value, 0, EventBatchCodec.schemaFingerprint());
    }

    private Sent send(byte[] value, int events, String schemaFingerprint)
            throws ExecutionException, InterruptedException {
        String batchId = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, batchId, value);
        record.headers()
                .add(BatchHeaders.BATCH_ID, bytes(batchId))
                .add(BatchHeaders.EVENT_COUNT, bytes(Integer.toString(Math.max(events, 1))))
                .add(BatchHeaders.SCHEMA_FINGERPRINT, bytes(schemaFingerprint));
        RecordMetadata metadata = producer.send(record).get();
        return new Sent(batchId, metadata.partition(), metadata.offset(), events);
    }

    @Override
    public void close() {
        producer.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.descheduler.collector.publish;

import dev.descheduler.collector.batch.EncodedBatch;
import dev.descheduler.collector.config.CollectorProperties;
import dev.descheduler.events.BatchHeaders;
import dev.descheduler.events.EventBatchCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends one batch as one Kafka message and waits for the broker's acknowledgement: a single attempt. */
public final class KafkaBatchPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBatchPublisher.class);
    /** Room above the batch limit for the Avro container's header and Kafka's record overhead. */
    private static final int MESSAGE_OVERHEAD_BYTES = 1 << 20;

    private final CollectorProperties.Kafka settings;
    private final int maxMessageBytes;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile boolean topicReady;

    public KafkaBatchPublisher(CollectorProperties.Kafka settings, int batchMaxBytes) {
        this.settings = settings;
        this.maxMessageBytes = batchMaxBytes + MESSAGE_OVERHEAD_BYTES;
    }

    public void publish(EncodedBatch batch) throws Exception {
        ensureTopic();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                settings.topic(),
                null,
                batch.batchId(),
                batch.avroFile(),
                List.of(
                        header(BatchHeaders.BATCH_ID, batch.batchId()),
                        header(BatchHeaders.EVENT_COUNT, Integer.toString(batch.eventCount())),
                        header(BatchHeaders.SCHEMA_FINGERPRINT, EventBatchCodec.schemaFingerprint())));
        try {
            producer().send(record).get(settings.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (KafkaException e) {
            // a producer in a fatal state (e.g. after a failed idempotent sequence) must not be reused
            resetProducer();
            throw e;
        } catch (java.util.concurrent.TimeoutException e) {
            resetProducer();
            throw e;
        }
    }

    /** True when the broker answers, within the request timeout. */
    public boolean isReachable() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Creates the topic when missing, with a message limit that fits the batches; an existing topic whose limit is
     * too small is reported, since every batch would then be refused.
     */
    private void ensureTopic() throws Exception {
        if (topicReady) {
            return;
        }
        try (Admin admin = admin()) {
            long timeout = settings.requestTimeout().toMillis();
            Set<String> topics = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            if (!topics.contains(settings.topic())) {
                NewTopic topic = new NewTopic(settings.topic(), settings.topicPartitions(), (short) -1)
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes)));
                try {
                    admin.createTopics(List.of(topic)).all().get(timeout, TimeUnit.MILLISECONDS);
                    log.info("created topic {} with {} partitions", settings.topic(), settings.topicPartitions());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            topicReady = true;
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
            // acks=all and idempotence: an acknowledged batch survives a broker failover and is never written twice
            // by the producer's own retries
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            // the Avro container is already zstd-compressed; compressing again costs CPU for nothing
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            int timeout = (int) settings.requestTimeout().toMillis();
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout * 2);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "collector");
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private synchronized void resetProducer() {
        if (producer != null) {
            producer.close(java.time.Duration.ZERO);
            producer = null;
        }
    }

    private Admin admin() {
        int timeout = (int) settings.requestTimeout().toMillis();
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout));
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        resetProducer();
    }
}

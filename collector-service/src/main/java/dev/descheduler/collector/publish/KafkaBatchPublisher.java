package dev.descheduler.collector.publish;

import dev.descheduler.collector.batch.EncodedBatch;
import dev.descheduler.events.BatchHeaders;
import dev.descheduler.events.EventBatchCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends one batch as one Kafka message through Spring Kafka's template and waits for the broker's acknowledgement: a
 * single attempt, the retry policy decides about the next. Makes sure the topic exists before the first send.
 */
public final class KafkaBatchPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaBatchPublisher.class);

    private final KafkaTemplate<String, byte[]> template;
    private final KafkaAdmin admin;
    private final NewTopic topic;
    private final TopicCheck topicCheck;
    private final Duration sendTimeout;
    private volatile boolean topicReady;

    /**
     * @param sendTimeout how long to wait for an acknowledgement; above the producer's own delivery timeout, so the
     *     producer reports its failure first
     */
    public KafkaBatchPublisher(
            KafkaTemplate<String, byte[]> template,
            KafkaAdmin admin,
            NewTopic topic,
            TopicCheck topicCheck,
            Duration sendTimeout) {
        this.template = template;
        this.admin = admin;
        this.topic = topic;
        this.topicCheck = topicCheck;
        this.sendTimeout = sendTimeout;
    }

    public void publish(EncodedBatch batch) throws Exception {
        prepareTopic();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                topic.name(),
                null,
                batch.batchId(),
                batch.avroFile(),
                List.of(
                        header(BatchHeaders.BATCH_ID, batch.batchId()),
                        header(BatchHeaders.EVENT_COUNT, Integer.toString(batch.eventCount())),
                        header(BatchHeaders.SCHEMA_FINGERPRINT, EventBatchCodec.schemaFingerprint())));
        try {
            template.send(record).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            if (RetryPolicy.permanentReason(e).isEmpty()) {
                // a producer that timed out or hit a fatal state (e.g. a failed idempotent sequence) is not reused;
                // a refused record says nothing about the producer, which stays
                template.getProducerFactory().reset();
                topicReady = false;
            }
            throw e;
        }
    }

    /**
     * Creates the topic when it is missing (the NewTopic bean, with a message limit that fits the batches) and checks
     * an existing one against the batch limit; once per run, again after a send that failed for a retriable reason.
     * It uses a bounded admin client rather than {@link KafkaAdmin#createOrModifyTopics}, whose client keeps the
     * 60 s default API timeout: with the broker down, that held the batch worker for a minute per retry before the
     * batch could go to the landing zone.
     */
    public void prepareTopic() {
        if (topicReady) {
            return;
        }
        synchronized (this) {
            if (!topicReady) {
                int timeoutMs = BoundedAdmin.timeoutMs(admin);
                try (Admin client = BoundedAdmin.create(admin)) {
                    createIfMissing(client, timeoutMs);
                    topicCheck.check(client, timeoutMs);
                }
                topicReady = true;
            }
        }
    }

    private void createIfMissing(Admin client, int timeoutMs) {
        try {
            // list first: a principal allowed to write but not to create gets an authorization error from
            // createTopics even for a topic that exists
            if (client.listTopics()
                    .names()
                    .get(timeoutMs, TimeUnit.MILLISECONDS)
                    .contains(topic.name())) {
                return;
            }
            client.createTopics(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            log.info("created topic {} ({} partitions, {})", topic.name(), topic.numPartitions(), topic.configs());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                // the cause stays in the chain: an authorization error is permanent for the retry policy
                throw new KafkaException("cannot create topic " + topic.name() + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topic " + topic.name(), e);
        } catch (TimeoutException e) {
            throw new KafkaException("cannot list or create topic " + topic.name() + " within " + timeoutMs + " ms", e);
        }
    }

    /** True when the broker answers, within the admin's operation timeout. */
    public boolean isReachable() {
        int timeoutMs = BoundedAdmin.timeoutMs(admin);
        try (Admin client = BoundedAdmin.create(admin)) {
            client.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return false;
        }
    }

    public String topicName() {
        return topic.name();
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

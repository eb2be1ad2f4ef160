package dev.descheduler.collector.publish;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the topic's {@code max.message.bytes} with {@code BATCH_MAX_BYTES}: a topic that cannot hold the largest
 * batch the collector cuts refuses those batches for good (they go to the dead-letter place), so a mismatch is
 * reported at start, in the log, in {@code /health} and as a metric, instead of being found batch by batch.
 */
public final class TopicCheck {

    private static final Logger log = LoggerFactory.getLogger(TopicCheck.class);
    /** Record framing, headers and the Avro container's header on top of the batch's own bytes. */
    static final int MESSAGE_OVERHEAD_BYTES = 64 << 10;

    private final String topic;
    private final int batchMaxBytes;
    private final KafkaState kafkaState;
    private volatile long maxMessageBytes = -1;
    private volatile String problem = "";

    public TopicCheck(String topic, int batchMaxBytes, KafkaState kafkaState, MeterRegistry registry) {
        this.topic = topic;
        this.batchMaxBytes = batchMaxBytes;
        this.kafkaState = kafkaState;
        Gauge.builder("kafka_topic_max_message_bytes", this, c -> c.maxMessageBytes)
                .baseUnit("bytes")
                .description("The topic's max.message.bytes as the broker reports it (-1 until checked)")
                .register(registry);
        Gauge.builder("kafka_topic_fits_batches", this, c -> c.maxMessageBytes < 0 ? -1 : c.fits() ? 1 : 0)
                .description("1 when the topic's max.message.bytes holds a batch of BATCH_MAX_BYTES, 0 when it cannot,"
                        + " -1 until checked")
                .register(registry);
    }

    /** The largest Kafka message a batch of {@code batchMaxBytes} can become. */
    public static int messageBytesFor(int batchMaxBytes) {
        return batchMaxBytes + MESSAGE_OVERHEAD_BYTES;
    }

    /** Reads the topic's limit through a client the caller owns (its calls bounded by {@code timeoutMs}). */
    void check(Admin client, int timeoutMs) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            Config topicConfig = client.describeConfigs(List.of(resource))
                    .all()
                    .get(timeoutMs, TimeUnit.MILLISECONDS)
                    .get(resource);
            ConfigEntry entry = topicConfig.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            record(Long.parseLong(entry.value()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while checking topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot read the configuration of topic " + topic + ": " + e, e);
        }
    }

    void record(long topicMaxMessageBytes) {
        maxMessageBytes = topicMaxMessageBytes;
        if (fits()) {
            problem = "";
            kafkaState.reportTopicProblem(problem);
            log.info(
                    "topic {} holds batches: max.message.bytes={} >= BATCH_MAX_BYTES={} + {} bytes of overhead",
                    topic,
                    topicMaxMessageBytes,
                    batchMaxBytes,
                    MESSAGE_OVERHEAD_BYTES);
            return;
        }
        problem = "topic " + topic + " has max.message.bytes=" + topicMaxMessageBytes + " but batches may reach "
                + messageBytesFor(batchMaxBytes) + " bytes (BATCH_MAX_BYTES=" + batchMaxBytes + " plus overhead):"
                + " larger batches will be refused and dead-lettered; raise the topic's max.message.bytes or lower"
                + " BATCH_MAX_BYTES";
        kafkaState.reportTopicProblem(problem);
        log.error("{}", problem);
    }

    private boolean fits() {
        return maxMessageBytes >= messageBytesFor(batchMaxBytes);
    }

    /** Empty while the topic fits the batches or has not been checked yet. */
    public String problem() {
        return problem;
    }

    public long maxMessageBytes() {
        return maxMessageBytes;
    }
}

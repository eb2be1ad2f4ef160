package dev.descheduler.collector.config;

import dev.descheduler.collector.publish.KafkaBatchPublisher;
import dev.descheduler.collector.publish.KafkaState;
import dev.descheduler.collector.publish.TopicCheck;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;

/**
 * The collector's side of Spring Boot's Kafka auto-configuration: Boot builds the ProducerFactory, KafkaTemplate and
 * KafkaAdmin from {@code spring.kafka.*} (and adds Micrometer's producer listener), this class adds the topic as a
 * NewTopic bean and the producer settings the collector's guarantees rest on.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    NewTopic collectorTopic(CollectorProperties settings) {
        return TopicBuilder.name(settings.kafka().topic())
                .partitions(settings.kafka().topicPartitions())
                .config(
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        Integer.toString(
                                TopicCheck.messageBytesFor(settings.batch().maxBytes())))
                .build();
    }

    /**
     * Invariants are enforced (a value that breaks them stops the start with the key to fix); the other collector
     * defaults apply only where {@code spring.kafka.producer.*} sets nothing, so every Boot key still works.
     */
    @Bean
    DefaultKafkaProducerFactoryCustomizer collectorProducerSettings(CollectorProperties settings) {
        return factory -> factory.updateConfigs(producerSettings(factory.getConfigurationProperties(), settings));
    }

    static Map<String, Object> producerSettings(Map<String, Object> configured, CollectorProperties settings) {
        // acks=all and idempotence: an acknowledged batch survives a broker failover and is never written twice by
        // the producer's own retries
        require(configured, ProducerConfig.ACKS_CONFIG, "spring.kafka.producer.acks", "all", "-1");
        require(
                configured,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "spring.kafka.producer.properties.enable.idempotence",
                "true");
        int largestBatch = TopicCheck.messageBytesFor(settings.batch().maxBytes());
        Object maxRequest = configured.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (maxRequest != null && Integer.parseInt(maxRequest.toString()) < largestBatch) {
            throw new IllegalStateException("spring.kafka.producer.properties.max.request.size=" + maxRequest
                    + " is below the largest batch the collector sends (" + largestBatch
                    + " bytes: BATCH_MAX_BYTES plus overhead); raise it or lower BATCH_MAX_BYTES");
        }
        Map<String, Object> result = new HashMap<>();
        result.put(ProducerConfig.ACKS_CONFIG, "all");
        result.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        result.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        result.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        result.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequest != null ? maxRequest : largestBatch);
        int timeout = (int) settings.kafka().requestTimeout().toMillis();
        Map<String, Object> defaults = Map.of(
                // the Avro container is already zstd-compressed; compressing again costs CPU for nothing
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "none",
                // the batch worker waits for each acknowledgement, so there is nothing to linger for
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                timeout,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                timeout * 2,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                timeout,
                ProducerConfig.CLIENT_ID_CONFIG,
                "collector");
        defaults.forEach((key, value) -> result.put(key, configured.getOrDefault(key, value)));
        return result;
    }

    private static void require(Map<String, Object> configured, String key, String property, String... allowed) {
        Object value = configured.get(key);
        if (value == null) {
            return;
        }
        for (String ok : allowed) {
            if (ok.equalsIgnoreCase(value.toString())) {
                return;
            }
        }
        throw new IllegalStateException(property + "=" + value + " is not allowed: the collector acknowledges events"
                + " only once Kafka holds them durably and exactly once, which needs " + key + "=" + allowed[0]);
    }

    /**
     * Replaces Boot's LoggingProducerListener, which logs every failed send at ERROR with the record: the retry
     * policy already logs each attempt with the batch id, and a broker outage would otherwise flood the log.
     */
    @Bean
    ProducerListener<Object, Object> quietProducerListener() {
        return new ProducerListener<>() {};
    }

    @Bean
    TopicCheck topicCheck(CollectorProperties settings, KafkaState kafkaState, MeterRegistry registry) {
        return new TopicCheck(settings.kafka().topic(), settings.batch().maxBytes(), kafkaState, registry);
    }

    @Bean
    KafkaBatchPublisher kafkaBatchPublisher(
            KafkaTemplate<String, byte[]> template, KafkaAdmin admin, NewTopic collectorTopic, TopicCheck topicCheck) {
        Map<String, Object> producer = template.getProducerFactory().getConfigurationProperties();
        // the producer reports its own failure first: it gives up after max.block.ms plus delivery.timeout.ms
        Duration sendTimeout = Duration.ofMillis(millis(producer, ProducerConfig.MAX_BLOCK_MS_CONFIG)
                + millis(producer, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)
                + 1_000);
        return new KafkaBatchPublisher(template, admin, collectorTopic, topicCheck, sendTimeout);
    }

    private static long millis(Map<String, Object> config, String key) {
        return Long.parseLong(config.get(key).toString());
    }

    @Bean
    KafkaState kafkaState() {
        return new KafkaState();
    }
}

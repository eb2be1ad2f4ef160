package dev.descheduler.collector.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.MicrometerProducerListener;

/**
 * Spring Boot's Kafka auto-configuration with application.yml and the collector's additions: the existing environment
 * variables still reach the producer, every spring.kafka.producer.* key works, and the guarantees cannot be configured
 * away.
 */
class KafkaConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CollectorProperties.class)
    static class Registry {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaMetricsAutoConfiguration.class))
            .withUserConfiguration(Registry.class, KafkaConfiguration.class);

    private static Map<String, Object> producer(org.springframework.context.ApplicationContext context) {
        return context.getBean(DefaultKafkaProducerFactory.class).getConfigurationProperties();
    }

    @Test
    void keepsTheCollectorsEnvironmentVariablesAndGuarantees() {
        runner.withPropertyValues(
                        "KAFKA_BOOTSTRAP_SERVERS=broker:29092",
                        "KAFKA_REQUEST_TIMEOUT_S=7",
                        "BATCH_MAX_BYTES=1048576",
                        "KAFKA_TOPIC=events",
                        "KAFKA_TOPIC_PARTITIONS=6")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Map<String, Object> p = producer(context);
                    assertThat(p.get("bootstrap.servers").toString()).contains("broker:29092");
                    assertThat(p)
                            .containsEntry("acks", "all")
                            .containsEntry("enable.idempotence", true)
                            .containsEntry("key.serializer", StringSerializer.class)
                            .containsEntry("value.serializer", ByteArraySerializer.class)
                            .containsEntry("max.request.size", 1_048_576 + (64 << 10))
                            .containsEntry("compression.type", "none")
                            .containsEntry("linger.ms", 0)
                            .containsEntry("request.timeout.ms", 7000)
                            .containsEntry("delivery.timeout.ms", 14000)
                            .containsEntry("max.block.ms", 7000);
                    assertThat(context.getBean(KafkaAdmin.class)
                                    .getConfigurationProperties()
                                    .get("bootstrap.servers")
                                    .toString())
                            .contains("broker:29092");
                    NewTopic topic = context.getBean(NewTopic.class);
                    assertThat(topic.name()).isEqualTo("events");
                    assertThat(topic.numPartitions()).isEqualTo(6);
                    assertThat(topic.configs())
                            .containsEntry("max.message.bytes", Integer.toString(1_048_576 + (64 << 10)));
                    assertThat(context.getBean(DefaultKafkaProducerFactory.class)
                                    .getListeners())
                            .hasAtLeastOneElementOfType(MicrometerProducerListener.class);
                });
    }

    @Test
    void everySpringKafkaProducerKeyReachesTheProducer() {
        runner.withPropertyValues(
                        "spring.kafka.producer.batch-size=65536",
                        "spring.kafka.producer.buffer-memory=67108864",
                        "spring.kafka.producer.compression-type=lz4",
                        "spring.kafka.producer.properties.linger.ms=5",
                        "spring.kafka.producer.properties.request.timeout.ms=45000")
                .run(context -> assertThat(producer(context))
                        .containsEntry("batch.size", 65536)
                        .containsEntry("buffer.memory", 67108864L)
                        .containsEntry("compression.type", "lz4")
                        .containsEntry("linger.ms", "5")
                        .containsEntry("request.timeout.ms", "45000")
                        .containsEntry("acks", "all"));
    }

    @Test
    void refusesToStartWithAcksThatLoseAcknowledgedEvents() {
        runner.withPropertyValues("spring.kafka.producer.acks=1").run(context -> assertThat(context)
                .hasFailed()
                .getFailure()
                .hasStackTraceContaining("spring.kafka.producer.acks=1 is not allowed")
                .hasStackTraceContaining("acks=all"));
    }

    @Test
    void refusesToStartWithARequestSizeBelowTheLargestBatch() {
        runner.withPropertyValues("spring.kafka.producer.properties.max.request.size=1000000")
                .run(
                        context -> assertThat(context)
                                .hasFailed()
                                .getFailure()
                                .hasStackTraceContaining(
                                        "spring.kafka.producer.properties.max.request.size=1000000 is below the largest batch"));
    }
}

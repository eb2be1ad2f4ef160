package dev.descheduler.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/** application.yml maps every environment variable of .env.example onto a typed, validated key. */
class CollectorPropertiesTest {

    private static CollectorProperties bind(Map<String, Object> env) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("env", env));
        new YamlPropertySourceLoader()
                .load("application", new ClassPathResource("application.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));
        LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
        validator.afterPropertiesSet();
        return Binder.get(environment)
                .bind(
                        "collector",
                        org.springframework.boot.context.properties.bind.Bindable.of(CollectorProperties.class),
                        new ValidationBindHandler(validator))
                .get();
    }

    @Test
    void everyDefaultMatchesEnvExample() throws IOException {
        CollectorProperties p = bind(Map.of());

        assertThat(p.ackMode()).isEqualTo(CollectorProperties.AckMode.DURABLE);
        assertThat(p.dataDir()).isEqualTo(Path.of(".data/collector"));
        assertThat(p.ingest().maxBodyBytes()).isEqualTo(10_485_760);
        assertThat(p.ingest().maxDecompressedBytes()).isEqualTo(52_428_800);
        assertThat(p.ingest().apiKeys()).isEmpty();
        assertThat(p.queue().maxSize()).isEqualTo(100_000);
        assertThat(p.queue().warningThreshold()).isEqualTo(80);
        assertThat(p.batch().maxSize()).isEqualTo(1000);
        assertThat(p.batch().maxBytes()).isEqualTo(4_194_304);
        assertThat(p.batch().maxTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.delivery().workers()).isEqualTo(2);
        assertThat(p.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(p.kafka().topic()).isEqualTo("github_events_avro");
        assertThat(p.kafka().retryMax()).isEqualTo(5);
        assertThat(p.kafka().retryBackoffBaseSeconds()).isEqualTo(0.5);
        assertThat(p.landingZone().endpoint()).isEqualTo("http://localhost:9000");
        assertThat(p.landingZone().bucket()).isEqualTo("warehouse");
        assertThat(p.landingZone().accessKey()).isEqualTo("minioadmin");
        assertThat(p.fallback().dir()).isEqualTo(Path.of(".data/collector/fallback"));
        assertThat(p.fallback().retryPauseMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.fallback().summaryInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(p.deadLetterDir()).isEqualTo(Path.of(".data/collector/dead_letter"));
        assertThat(p.spill().maxBytes()).isEqualTo(1_073_741_824L);
        assertThat(p.shutdown().timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everyEnvironmentVariableReachesItsKey() throws IOException {
        CollectorProperties p = bind(Map.ofEntries(
                Map.entry("COLLECTOR_ACK_MODE", "memory"),
                Map.entry("COLLECTOR_DATA_DIR", "/var/lib/collector"),
                Map.entry("COLLECTOR_API_KEYS", "k1,k2"),
                Map.entry("COLLECTOR_MAX_BODY_BYTES", "2048"),
                Map.entry("COLLECTOR_MAX_DECOMPRESSED_BYTES", "4096"),
                Map.entry("QUEUE_MAX_SIZE", "10"),
                Map.entry("QUEUE_WARNING_THRESHOLD", "50"),
                Map.entry("BATCH_MAX_SIZE", "500"),
                Map.entry("BATCH_MAX_BYTES", "1048576"),
                Map.entry("BATCH_MAX_TIME_S", "2"),
                Map.entry("DELIVERY_WORKERS", "4"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "broker:29092"),
                Map.entry("KAFKA_TOPIC", "events"),
                Map.entry("KAFKA_RETRY_MAX", "3"),
                Map.entry("KAFKA_RETRY_BACKOFF_BASE_S", "1.5"),
                Map.entry("KAFKA_FALLBACK_DIR", "/var/fallback"),
                Map.entry("COLLECTOR_STORE_RETRY_PAUSE_MAX_S", "7"),
                Map.entry("COLLECTOR_STORE_OUTAGE_SUMMARY_S", "90"),
                Map.entry("MINIO_ENDPOINT", "http://minio:9000"),
                Map.entry("MINIO_ROOT_USER", "u"),
                Map.entry("MINIO_ROOT_PASSWORD", "p"),
                Map.entry("MINIO_BUCKET", "landing"),
                Map.entry("COLLECTOR_SPILL_MAX_BYTES", "1000000"),
                Map.entry("COLLECTOR_SHUTDOWN_TIMEOUT_S", "12")));

        assertThat(p.ackMode()).isEqualTo(CollectorProperties.AckMode.MEMORY);
        assertThat(p.dataDir()).isEqualTo(Path.of("/var/lib/collector"));
        assertThat(p.ingest().apiKeys()).isEqualTo(List.of("k1", "k2"));
        assertThat(p.ingest().maxBodyBytes()).isEqualTo(2048);
        assertThat(p.ingest().maxDecompressedBytes()).isEqualTo(4096);
        assertThat(p.queue().maxSize()).isEqualTo(10);
        assertThat(p.queue().warningThreshold()).isEqualTo(50);
        assertThat(p.batch().maxSize()).isEqualTo(500);
        assertThat(p.batch().maxBytes()).isEqualTo(1_048_576);
        assertThat(p.batch().maxTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.delivery().workers()).isEqualTo(4);
        assertThat(p.kafka().bootstrapServers()).isEqualTo("broker:29092");
        assertThat(p.kafka().topic()).isEqualTo("events");
        assertThat(p.kafka().retryMax()).isEqualTo(3);
        assertThat(p.kafka().retryBackoffBaseSeconds()).isEqualTo(1.5);
        assertThat(p.fallback().dir()).isEqualTo(Path.of("/var/fallback"));
        assertThat(p.fallback().retryPauseMax()).isEqualTo(Duration.ofSeconds(7));
        assertThat(p.fallback().summaryInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.landingZone().endpoint()).isEqualTo("http://minio:9000");
        assertThat(p.landingZone().accessKey()).isEqualTo("u");
        assertThat(p.landingZone().secretKey()).isEqualTo("p");
        assertThat(p.landingZone().bucket()).isEqualTo("landing");
        assertThat(p.spill().maxBytes()).isEqualTo(1_000_000L);
        assertThat(p.shutdown().timeout()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void refusesAnInvalidValueNamingTheKey() {
        assertThatThrownBy(() -> bind(Map.of("BATCH_MAX_SIZE", "0")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining(
                        "Field error in object 'collector.batch' on field 'maxSize': rejected value [0]")
                .hasStackTraceContaining("must be greater than or equal to 1");
    }

    @Test
    void refusesDeliveryWorkersOutsideOneToSixteen() {
        assertThatThrownBy(() -> bind(Map.of("DELIVERY_WORKERS", "0")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining(
                        "Field error in object 'collector.delivery' on field 'workers': rejected value [0]")
                .hasStackTraceContaining("must be greater than or equal to 1");
        assertThatThrownBy(() -> bind(Map.of("DELIVERY_WORKERS", "17")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining(
                        "Field error in object 'collector.delivery' on field 'workers': rejected value [17]")
                .hasStackTraceContaining("must be less than or equal to 16");
    }

    @Test
    void backoffDoublesPerAttemptFromTheBase() throws IOException {
        CollectorProperties.Kafka kafka = bind(Map.of()).kafka();

        assertThat(kafka.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(kafka.backoff(2)).isEqualTo(Duration.ofMillis(1000));
        assertThat(kafka.backoff(4)).isEqualTo(Duration.ofMillis(4000));
    }
}

package dev.descheduler.collector.publish;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.descheduler.collector.batch.EncodedBatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

class KafkaBatchPublisherTest {

    /**
     * The topic is prepared again after every retriable failure, so with the broker down each retry goes through it:
     * it must give up within the admin's operation timeout (1 s here), not the admin client's 60 s default, or the
     * batch worker holds a batch for a minute per retry before it can go to the landing zone.
     */
    @Test
    void failsWithinTheOperationTimeoutWhenTheBrokerIsDown() throws Exception {
        String broker = "127.0.0.1:" + freePort();
        KafkaAdmin admin = new KafkaAdmin(Map.of("bootstrap.servers", broker));
        admin.setOperationTimeout(1);
        DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(
                Map.of(
                        "bootstrap.servers",
                        broker,
                        "max.block.ms",
                        1000,
                        "request.timeout.ms",
                        1000,
                        "delivery.timeout.ms",
                        2000),
                new StringSerializer(),
                new ByteArraySerializer());
        KafkaBatchPublisher publisher = new KafkaBatchPublisher(
                new KafkaTemplate<>(producers),
                admin,
                new NewTopic("events", 1, (short) 1),
                new TopicCheck("events", 1 << 20, new KafkaState(), new SimpleMeterRegistry()),
                Duration.ofSeconds(4));
        EncodedBatch batch = new EncodedBatch("b-1", new byte[] {1, 2, 3}, 1);

        // generous against a loaded machine, far below the 60 s the unbounded admin client took
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThatThrownBy(() -> publisher.publish(batch)).hasMessageContaining("events");
            assertThatThrownBy(() -> publisher.publish(batch)).hasMessageContaining("events");
        });
        producers.destroy();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

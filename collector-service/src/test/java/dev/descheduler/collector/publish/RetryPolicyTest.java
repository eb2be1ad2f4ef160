package dev.descheduler.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descheduler.collector.config.CollectorProperties;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaProducerException;

/** One policy decides retriable vs permanent, through the wrappers Spring Kafka and the futures add. */
class RetryPolicyTest {

    private final AtomicInteger retries = new AtomicInteger();
    private final RetryPolicy policy = new RetryPolicy(
            new CollectorProperties.Kafka(
                    "unused:9092", "t", 1, 3, 0.001, Duration.ofSeconds(1), Duration.ofSeconds(1)),
            retries::incrementAndGet);

    /** What KafkaTemplate's future fails with: the client's exception inside KafkaProducerException. */
    private static ExecutionException fromTemplate(Exception cause) {
        return new ExecutionException(
                new KafkaProducerException(new ProducerRecord<>("t", "k"), "Failed to send", cause));
    }

    @Test
    void doesNotRetryARecordTheBrokerWillNeverTake() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> policy.call("batch b", () -> {
                    attempts.incrementAndGet();
                    throw fromTemplate(
                            new RecordTooLargeException("The request included a message larger than the max"));
                }))
                .isInstanceOf(KafkaProducerException.class)
                .hasRootCauseInstanceOf(RecordTooLargeException.class);
        assertThat(attempts).hasValue(1);
        assertThat(retries).hasValue(0);
    }

    @Test
    void retriesATimeoutUpToTheBound() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> policy.call("batch b", () -> {
                    attempts.incrementAndGet();
                    throw fromTemplate(new TimeoutException("Expiring 1 record(s)"));
                }))
                .hasRootCauseInstanceOf(TimeoutException.class);
        assertThat(attempts).hasValue(3);
        assertThat(retries).hasValue(2);
    }

    @Test
    void namesThePermanentCauseAnywhereInTheChain() {
        assertThat(RetryPolicy.permanentReason(fromTemplate(new TopicAuthorizationException("not allowed"))))
                .hasValueSatisfying(reason -> assertThat(reason).isEqualTo("TopicAuthorizationException: not allowed"));
        assertThat(RetryPolicy.permanentReason(fromTemplate(new NotLeaderOrFollowerException("moved"))))
                .isEmpty();
        assertThat(policy.isPermanent(new RecordTooLargeException("too large"))).isTrue();
    }
}

package dev.descheduler.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A small queue and spill in front of a broker that is down: the queue fills, then the spill, then the collector
 * answers 503 with Retry-After (readiness having turned first), and every event it acknowledged still reaches Kafka.
 */
class BackpressureIT extends CollectorAgainstRealServers {

    private static final String TOPIC = "backpressure";

    @DynamicPropertySource
    static void collectorSettings(DynamicPropertyRegistry registry) {
        registry.add("collector.kafka.topic", () -> TOPIC);
        // the first batch pays every retry against the stopped broker (about 12 s): the queue cannot drain meanwhile
        registry.add("collector.kafka.retry-max", () -> "3");
        registry.add("collector.kafka.retry-backoff-base-seconds", () -> "1");
        registry.add("collector.kafka.request-timeout", () -> "3s");
        registry.add("collector.kafka.probe-interval", () -> "1s");
        registry.add("collector.queue.max-size", () -> "300");
        registry.add("collector.spill.max-bytes", () -> "150000");
        registry.add("collector.batch.max-size", () -> "100");
        registry.add("collector.batch.max-time", () -> "200ms");
    }

    @Test
    void queueFullSpillsThenSpillFullRefusesWith503AndEveryAcknowledgedEventArrives() throws Exception {
        stack.kafka().stop();
        CollectorClient client = new CollectorClient(port);
        List<String> acknowledged = new ArrayList<>();
        boolean notReadyBeforeRefusal = false;
        CollectorClient.Answer refusal = null;
        int next = 0;
        // small requests fill the spill gradually, so readiness can be seen turning before the spill is full
        while (refusal == null && next < 5_000) {
            List<String> request = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                request.add(TestEvents.json(next++));
            }
            CollectorClient.Answer answer = client.postBatch(request);
            if (answer.status() == 503) {
                refusal = answer;
            } else {
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                acknowledged.addAll(answer.acceptedIds());
                notReadyBeforeRefusal |= client.readinessStatus() == 503;
            }
        }

        assertThat(refusal)
                .as("the collector refused once queue and spill were full")
                .isNotNull();
        assertThat(refusal.retryAfter()).hasValueSatisfying(seconds -> assertThat(Integer.parseInt(seconds))
                .isPositive());
        assertThat(refusal.body()).contains("\"reason\":\"pipeline_full\"").contains("spill");
        assertThat(acknowledged.size())
                .as("more than the queue holds was acknowledged")
                .isGreaterThan(300);
        assertThat(registry.get("spill_files").gauge().value() + replayedFromSpill())
                .as("events were spilled to disk")
                .isPositive();
        assertThat(notReadyBeforeRefusal)
                .as("readiness turned not-ready before the first 503")
                .isTrue();
        assertThat(registry.find("metrics_rejected")
                        .tag("reason", "pipeline_full")
                        .counter()
                        .count())
                .isEqualTo(1);

        stack.kafka().start();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(ingestIdsInKafka()).containsAll(acknowledged));
        assertThat(ingestIdsInKafka()).doesNotHaveDuplicates();
        assertThat(replayedFromSpill()).as("the spill was replayed").isPositive();
    }

    private double replayedFromSpill() {
        var counter = registry.find("replayed_batches").tag("source", "spill").counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<String> ingestIdsInKafka() {
        return servers.ingestIds(TOPIC);
    }
}

package dev.descheduler.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.descheduler.events.GhArchiveSample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The collector under sustained load against a real broker and S3 server: every real GH Archive event of the sample
 * reaches Kafka exactly once, and a Kafka outage of more than 30 s in the middle of the load loses nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CollectorLoadIT extends CollectorAgainstRealServers {

    private static final String TOPIC = "github_events_avro";
    private static final int EVENTS_PER_REQUEST = 500;

    @DynamicPropertySource
    static void collectorSettings(DynamicPropertyRegistry registry) {
        registry.add("collector.kafka.retry-max", () -> "2");
        registry.add("collector.kafka.retry-backoff-base-seconds", () -> "0.2");
        registry.add("collector.kafka.request-timeout", () -> "3s");
        registry.add("collector.kafka.probe-interval", () -> "1s");
        registry.add("collector.batch.max-time", () -> "1s");
    }

    @Test
    @Order(1)
    void everyRealArchiveEventReachesKafkaExactlyOnce() throws Exception {
        List<String> events = GhArchiveSample.all();
        List<List<String>> requests = new ArrayList<>();
        for (int from = 0; from < events.size(); from += EVENTS_PER_REQUEST) {
            requests.add(events.subList(from, Math.min(events.size(), from + EVENTS_PER_REQUEST)));
        }
        CollectorClient client = new CollectorClient(port);
        ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (List<String> request : requests) {
                sent.add(senders.submit(() -> {
                    CollectorClient.Answer answer = client.postBatch(request);
                    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                    assertThat(answer.acceptedIds()).as(answer.body()).hasSize(request.size());
                    accepted.addAll(answer.acceptedIds());
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            senders.shutdownNow();
        }

        assertThat(accepted).hasSize(events.size());
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertAllInKafka(accepted));
        assertExactlyOnce(accepted, ingestIdsInKafka());
    }

    @Test
    @Order(2)
    void aKafkaOutageOfThirtySecondsUnderLoadLosesNothing() throws Exception {
        double landedBefore = landingZoneBatches();
        ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        ExecutorService producer = Executors.newSingleThreadExecutor();
        Future<?> load = producer.submit(() -> produceUntilStopped(loading, accepted, refused));
        try {
            Thread.sleep(3_000);
            stack.kafka().stop();
            int acceptedAtStop = accepted.size();
            Thread.sleep(32_000);
            assertThat(accepted.size())
                    .as("the collector keeps acknowledging while Kafka is down")
                    .isGreaterThan(acceptedAtStop);
            stack.kafka().start();
            Thread.sleep(5_000);
        } finally {
            loading.set(false);
            load.get();
            producer.shutdownNow();
        }

        assertThat(landingZoneBatches()).as("batches went to the landing zone").isGreaterThan(landedBefore);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> assertAllInKafka(accepted));
        assertExactlyOnce(accepted, ingestIdsInKafka());
    }

    private Void produceUntilStopped(AtomicBoolean loading, Collection<String> accepted, AtomicInteger refused)
            throws Exception {
        CollectorClient client = new CollectorClient(port);
        int next = 100_000;
        while (loading.get()) {
            List<String> request = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                request.add(TestEvents.json(next++));
            }
            CollectorClient.Answer answer = client.postBatch(request);
            if (answer.status() == 503) {
                refused.incrementAndGet();
                Thread.sleep(1_000);
                continue;
            }
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            accepted.addAll(answer.acceptedIds());
            Thread.sleep(50);
        }
        return null;
    }

    private double landingZoneBatches() {
        var counter = registry.find("kafka_fallback_batches")
                .tag("target", "landing_zone")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** Set-based: AssertJ's containsAll on lists of 100,000 ids is quadratic and would outlast the wait. */
    private static void assertAllInKafka(Collection<String> accepted) {
        Set<String> inKafka = new HashSet<>(ingestIdsInKafka());
        List<String> missing =
                accepted.stream().filter(id -> !inKafka.contains(id)).toList();
        assertThat(missing)
                .as("%d of %d acknowledged ids not in Kafka yet", missing.size(), accepted.size())
                .isEmpty();
    }

    private static void assertExactlyOnce(Collection<String> accepted, List<String> inKafka) {
        Map<String, Integer> copies = new HashMap<>();
        for (String id : inKafka) {
            copies.merge(id, 1, Integer::sum);
        }
        List<String> notOnce = accepted.stream()
                .filter(id -> copies.getOrDefault(id, 0) != 1)
                .limit(10)
                .toList();
        assertThat(notOnce).as("acknowledged ids not exactly once in Kafka").isEmpty();
    }

    private static List<String> ingestIdsInKafka() {
        return servers.ingestIds(TOPIC);
    }
}

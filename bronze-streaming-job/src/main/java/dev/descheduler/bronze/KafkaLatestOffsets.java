package dev.descheduler.bronze;

import dev.descheduler.bronze.TriggerProgress.KafkaPartition;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The newest offset of each partition, asked of Kafka when Prometheus scrapes the stream, so that Bronze's lag keeps
 * growing while the stream is stuck in a micro-batch (its progress events, the other source of newest offsets, stop
 * then). Bounded by a short timeout: a scrape must answer within Prometheus's 10 s even when Kafka does not.
 */
final class KafkaLatestOffsets implements BronzeStreamMetrics.LatestOffsets, AutoCloseable {

    private static final int TIMEOUT_MS = 4_000;

    private final Admin admin;

    KafkaLatestOffsets(String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "bronze-stream-metrics",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS));
    }

    @Override
    public Map<KafkaPartition, Long> of(Set<KafkaPartition> partitions) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(new TopicPartition(p.topic(), p.partition()), OffsetSpec.latest()));
        try {
            Map<TopicPartition, ListOffsetsResultInfo> answer =
                    admin.listOffsets(request).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<KafkaPartition, Long> latest = new HashMap<>();
            answer.forEach((tp, info) -> latest.put(new KafkaPartition(tp.topic(), tp.partition()), info.offset()));
            return latest;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking Kafka for its newest offsets", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer with its newest offsets: " + e, e);
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}

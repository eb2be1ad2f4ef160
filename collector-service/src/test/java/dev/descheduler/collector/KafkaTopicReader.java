package dev.descheduler.collector;

import dev.descheduler.events.BatchHeaders;
import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.avro.GitHubEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic of batch messages and decodes them, checking each message's headers on the way. */
final class KafkaTopicReader {

    private KafkaTopicReader() {}

    /**
     * Every event on the topic; empty only when the topic does not exist yet (the collector creates it with its first
     * batch). Any failure to reach the broker or read to the end offsets throws: a partial list would let an
     * assertion pass on nothing.
     */
    static List<GitHubEvent> readAll(String bootstrapServers, String topic) {
        if (!topicExists(bootstrapServers, topic)) {
            return List.of();
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("max.partition.fetch.bytes", Integer.toString(32 << 20));
        List<GitHubEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("reading " + topic + " did not reach the end offsets " + end
                            + " within 60 s; positions: "
                            + partitions.stream()
                                    .map(tp -> tp + "=" + consumer.position(tp))
                                    .toList());
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    List<GitHubEvent> batch = EventBatchCodec.decode(record.value());
                    checkHeaders(record, batch.size());
                    events.addAll(batch);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a message of " + topic + " is not a readable batch", e);
        }
        return events;
    }

    private static boolean topicExists(String bootstrapServers, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("cannot list the topics of " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while listing topics", e);
        }
    }

    private static void checkHeaders(ConsumerRecord<String, byte[]> record, int count) {
        String batchId = header(record, BatchHeaders.BATCH_ID);
        if (!record.key().equals(batchId)
                || !Integer.toString(count).equals(header(record, BatchHeaders.EVENT_COUNT))
                || !EventBatchCodec.schemaFingerprint().equals(header(record, BatchHeaders.SCHEMA_FINGERPRINT))) {
            throw new AssertionError("headers do not match message " + record.key() + ": " + record.headers());
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

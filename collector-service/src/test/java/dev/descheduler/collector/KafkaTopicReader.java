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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic of batch messages and decodes them, checking each message's headers on the way. */
final class KafkaTopicReader {

    private KafkaTopicReader() {}

    static List<GitHubEvent> readAll(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("max.partition.fetch.bytes", Integer.toString(32 << 20));
        List<GitHubEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
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
            throw new UncheckedIOException(e);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return events;
        }
        return events;
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

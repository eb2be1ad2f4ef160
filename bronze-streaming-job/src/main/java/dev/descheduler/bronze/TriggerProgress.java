package dev.descheduler.bronze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * What the Bronze metrics need from one streaming query's progress event (Spark's {@code StreamingQueryProgress},
 * read from its JSON form, the one stable shape Spark documents for it): the query, when the trigger ended, how long
 * it took, the Kafka messages it read, the rows its sink committed, and per Kafka partition the offset the trigger
 * committed up to and the newest offset the source saw.
 *
 * @param rowsCommitted rows the sink committed in this trigger; empty when the sink does not report it
 */
record TriggerProgress(
        String queryName,
        Instant finishedAt,
        Duration triggerDuration,
        long messagesRead,
        Optional<Long> rowsCommitted,
        Map<KafkaPartition, Long> committedOffsets,
        Map<KafkaPartition, Long> latestOffsets) {

    /** A partition of a topic the stream reads. */
    record KafkaPartition(String topic, int partition) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    TriggerProgress {
        committedOffsets = Map.copyOf(committedOffsets);
        latestOffsets = Map.copyOf(latestOffsets);
    }

    /** Parses {@code StreamingQueryProgress.json()}. */
    static TriggerProgress fromJson(String progressJson) {
        JsonNode progress;
        try {
            progress = JSON.readTree(progressJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a streaming query progress: " + e.getOriginalMessage(), e);
        }
        // the timestamp is when the trigger started; its commit is done when the trigger's execution is
        Instant started = Instant.parse(required(progress, "timestamp").asText());
        Duration took = Duration.ofMillis(
                progress.path("durationMs").path("triggerExecution").asLong(0));
        Map<KafkaPartition, Long> committed = new HashMap<>();
        Map<KafkaPartition, Long> latest = new HashMap<>();
        for (JsonNode source : progress.path("sources")) {
            offsets(source.path("endOffset"), committed);
            offsets(source.path("latestOffset"), latest);
        }
        long outputRows = progress.path("sink").path("numOutputRows").asLong(-1);
        return new TriggerProgress(
                required(progress, "name").asText(),
                started.plus(took),
                took,
                progress.path("numInputRows").asLong(0),
                outputRows < 0 ? Optional.empty() : Optional.of(outputRows),
                committed,
                latest);
    }

    /** Kafka's offsets as its source writes them: {@code {"topic":{"0":12,"1":7}}}, embedded or as a string. */
    private static void offsets(JsonNode node, Map<KafkaPartition, Long> into) {
        if (node.isTextual()) {
            try {
                node = JSON.readTree(node.asText());
            } catch (JsonProcessingException e) {
                return; // not a Kafka source's offsets
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> topics = node.fields(); topics.hasNext(); ) {
            Map.Entry<String, JsonNode> topic = topics.next();
            for (Iterator<Map.Entry<String, JsonNode>> partitions =
                            topic.getValue().fields();
                    partitions.hasNext(); ) {
                Map.Entry<String, JsonNode> partition = partitions.next();
                if (partition.getValue().canConvertToLong()) {
                    into.merge(
                            new KafkaPartition(topic.getKey(), Integer.parseInt(partition.getKey())),
                            partition.getValue().asLong(),
                            Math::max);
                }
            }
        }
    }

    private static JsonNode required(JsonNode progress, String field) {
        JsonNode value = progress.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("streaming query progress without '" + field + "'");
        }
        return value;
    }
}

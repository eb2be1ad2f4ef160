package dev.descheduler.sqlendpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Copies of real GH Archive events moved in time: more days of data with the shape of real traffic. Each copy gets
 * ids of its own (GitHub's ids are numbers; copy {@code n} adds {@code n × 10^11}, far above any id of the sample),
 * so Silver keeps them as new events instead of deduplicating them.
 */
final class ShiftedEvents {

    static final long ID_STRIDE = 100_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

    private ShiftedEvents() {}

    /** The events with ids moved by {@code copy} strides and timestamps by {@code days}. */
    static List<String> shift(List<String> lines, int copy, int days) {
        return lines.stream().map(line -> shiftOne(line, copy, days)).toList();
    }

    /**
     * The events, less those of a pull request (a repository's id and the pull request's number) that also occurs in
     * {@code others}. Shifting can put a pull request's closing before its opening, which real data never shows.
     */
    static List<String> withoutPullRequestsOf(List<String> lines, List<String> others) {
        Set<String> taken = others.stream()
                .map(ShiftedEvents::pullRequest)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        return lines.stream()
                .filter(line -> {
                    String pullRequest = pullRequest(line);
                    return pullRequest == null || !taken.contains(pullRequest);
                })
                .toList();
    }

    /** {@code repo id#number} of a pull request event, or null for any other event. */
    private static String pullRequest(String line) {
        try {
            JsonNode event = JSON.readTree(line);
            if (!event.path("type").asText().startsWith("PullRequest")) {
                return null;
            }
            JsonNode payload = event.path("payload");
            JsonNode number = payload.has("number")
                    ? payload.get("number")
                    : payload.path("pull_request").path("number");
            return event.path("repo").path("id").asText() + "#" + number.asText();
        } catch (IOException e) {
            throw new UncheckedIOException("not a GH Archive event: " + line, e);
        }
    }

    /**
     * Every timestamp of the event, its own and its payload's (a pull request's {@code merged_at}, a comment's
     * {@code created_at}, ...), so that durations between them stay what they were.
     */
    private static void shiftTimestamps(JsonNode node, int days) {
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> {
                JsonNode value = field.getValue();
                if (value.isTextual() && TIMESTAMP.matcher(value.asText()).matches()) {
                    field.setValue(TextNode.valueOf(Instant.parse(value.asText())
                            .plus(days, ChronoUnit.DAYS)
                            .toString()));
                } else {
                    shiftTimestamps(value, days);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> shiftTimestamps(element, days));
        }
    }

    private static String shiftOne(String line, int copy, int days) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(line);
            event.put("id", Long.toString(Long.parseLong(event.get("id").asText()) + copy * ID_STRIDE));
            shiftTimestamps(event, days);
            return JSON.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException("not a GH Archive event: " + line, e);
        }
    }
}

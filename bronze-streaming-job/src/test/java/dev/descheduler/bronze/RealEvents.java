package dev.descheduler.bronze;

import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.GhArchiveSample;
import dev.descheduler.events.InvalidEventException;
import dev.descheduler.events.JsonLimits;
import dev.descheduler.events.avro.GitHubEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Real GH Archive events from ../shared/data (event-schema's shared reader), decoded as the collector does. */
final class RealEvents {

    private static final EventJsonDecoder DECODER = new EventJsonDecoder(JsonLimits.defaults());

    private final List<String> lines;
    private int next;

    private RealEvents(List<String> lines) {
        this.lines = lines;
    }

    /** The first {@code count} events of the sample, handed out in order by {@link #take}. */
    static RealEvents load(int count) {
        List<String> lines = new ArrayList<>(count);
        for (Path file : GhArchiveSample.files()) {
            try (Stream<String> fileLines = GhArchiveSample.lines(file)) {
                fileLines.limit(count - lines.size()).forEach(lines::add);
            }
            if (lines.size() == count) {
                break;
            }
        }
        GhArchiveSample.require(
                lines.size() == count,
                "the GH Archive sample in " + GhArchiveSample.folder().toAbsolutePath() + " holds fewer than " + count
                        + " events");
        return new RealEvents(lines);
    }

    /** Event lines (real or hand-written), each with a fresh ingest id, as the collector would have accepted them. */
    static List<GitHubEvent> decode(List<String> lines) {
        List<GitHubEvent> events = new ArrayList<>(lines.size());
        for (String line : lines) {
            byte[] json = line.getBytes(StandardCharsets.UTF_8);
            try {
                events.add(
                        DECODER.decode(json, 0, json.length, UUID.randomUUID().toString(), Instant.now()));
            } catch (InvalidEventException e) {
                throw new IllegalStateException("an event was rejected: " + e.getMessage(), e);
            }
        }
        return events;
    }

    /** The next {@code count} events, each with a fresh ingest id, as the collector would have accepted them. */
    List<GitHubEvent> take(int count) {
        if (next + count > lines.size()) {
            throw new IllegalStateException("only " + (lines.size() - next) + " events left, asked for " + count);
        }
        List<GitHubEvent> events = decode(lines.subList(next, next + count));
        next += count;
        return events;
    }
}

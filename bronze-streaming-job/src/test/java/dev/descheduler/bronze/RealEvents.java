package dev.descheduler.bronze;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.InvalidEventException;
import dev.descheduler.events.JsonLimits;
import dev.descheduler.events.avro.GitHubEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Real GH Archive events from ../shared/data (the build passes the folder as gharchive.data.dir), read in place. */
final class RealEvents {

    private static final EventJsonDecoder DECODER = new EventJsonDecoder(JsonLimits.defaults());

    private final List<String> lines;
    private int next;

    private RealEvents(List<String> lines) {
        this.lines = lines;
    }

    /** The first {@code count} events of the sample, handed out in order by {@link #take}. */
    static RealEvents load(int count) {
        Path folder = Path.of(System.getProperty("gharchive.data.dir", "../../shared/data"));
        assumeTrue(Files.isDirectory(folder), "GH Archive sample not found at " + folder.toAbsolutePath());
        List<String> lines = new ArrayList<>(count);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".ndjson.gz"))
                    .sorted()
                    .toList()) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
                    String line;
                    while (lines.size() < count && (line = reader.readLine()) != null) {
                        if (!line.isBlank()) {
                            lines.add(line);
                        }
                    }
                }
                if (lines.size() == count) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assumeTrue(lines.size() == count, "the GH Archive sample holds fewer than " + count + " events");
        return new RealEvents(lines);
    }

    /** The next {@code count} events, each with a fresh ingest id, as the collector would have accepted them. */
    List<GitHubEvent> take(int count) {
        if (next + count > lines.size()) {
            throw new IllegalStateException("only " + (lines.size() - next) + " events left, asked for " + count);
        }
        List<GitHubEvent> events = new ArrayList<>(count);
        for (String line : lines.subList(next, next + count)) {
            byte[] json = line.getBytes(StandardCharsets.UTF_8);
            try {
                events.add(
                        DECODER.decode(json, 0, json.length, UUID.randomUUID().toString(), Instant.now()));
            } catch (InvalidEventException e) {
                throw new IllegalStateException("a GH Archive event was rejected: " + e.getMessage(), e);
            }
        }
        next += count;
        return events;
    }
}

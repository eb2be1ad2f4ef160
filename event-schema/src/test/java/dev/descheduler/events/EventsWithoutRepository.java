package dev.descheduler.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Real event types that carry no {@code repo} object, hand-written in the Events API shape GH Archive stored for
 * 2012-2014 (the 2015 sample in ../shared/data has none of them): {@code GistEvent}, {@code FollowEvent},
 * {@code TeamAddEvent} (with an org), {@code DownloadEvent} and {@code ForkApplyEvent}, one per line of
 * {@code events/without-repository.ndjson}. Shared with the other modules' tests through this module's test jar.
 */
public final class EventsWithoutRepository {

    public static final List<String> TYPES =
            List.of("GistEvent", "FollowEvent", "TeamAddEvent", "DownloadEvent", "ForkApplyEvent");

    private EventsWithoutRepository() {}

    /** The events as JSON lines, in the order of {@link #TYPES}. */
    public static List<String> lines() {
        try (InputStream in = EventsWithoutRepository.class.getResourceAsStream("/events/without-repository.ndjson")) {
            if (in == null) {
                throw new IllegalStateException("events/without-repository.ndjson is not on the test class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

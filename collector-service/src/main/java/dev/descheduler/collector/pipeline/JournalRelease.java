package dev.descheduler.collector.pipeline;

import dev.descheduler.collector.journal.EventJournal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The journal positions of events that are now stored somewhere, grouped by segment and sorted. */
final class JournalRelease {

    private final Map<Long, int[]> indexes = new HashMap<>();
    private final Map<Long, Integer> counts = new HashMap<>();

    private JournalRelease() {}

    static JournalRelease of(List<PendingEvent> events) {
        JournalRelease release = new JournalRelease();
        for (PendingEvent event : events) {
            if (event.journalSegment() == PendingEvent.NOT_JOURNALED) {
                continue;
            }
            int count = release.counts.merge(event.journalSegment(), 1, Integer::sum);
            int[] slots = release.indexes.computeIfAbsent(event.journalSegment(), s -> new int[events.size()]);
            slots[count - 1] = event.journalIndex();
        }
        return release;
    }

    void applyTo(EventJournal journal) {
        if (journal == null) {
            return;
        }
        indexes.forEach((segment, slots) -> {
            int count = counts.get(segment);
            Arrays.sort(slots, 0, count);
            journal.delivered(segment, slots, count);
        });
    }
}

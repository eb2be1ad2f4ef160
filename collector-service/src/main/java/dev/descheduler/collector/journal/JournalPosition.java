package dev.descheduler.collector.journal;

/** Where one event's record sits: its segment and its index among that segment's records. */
public record JournalPosition(long segment, int index) {

    /** An append's position is that of its first event; the others follow it with consecutive indexes. */
    public JournalPosition plus(int offset) {
        return new JournalPosition(segment, index + offset);
    }
}

package dev.descheduler.collector.journal;

import dev.descheduler.events.avro.GitHubEvent;
import java.util.List;

/** Events read back from one journal segment after a restart. */
public record JournalRecords(long segmentId, List<GitHubEvent> events) {}

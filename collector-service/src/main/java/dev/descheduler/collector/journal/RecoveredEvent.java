package dev.descheduler.collector.journal;

import dev.descheduler.events.avro.GitHubEvent;

/** An event a previous run journaled and no store holds, with where it sits in the journal. */
public record RecoveredEvent(JournalPosition position, GitHubEvent event) {}

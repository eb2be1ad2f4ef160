package dev.descheduler.collector.pipeline;

import dev.descheduler.events.avro.GitHubEvent;

/** An event that passed validation, with the JSON text it was decoded from ({@code length} bytes of {@code source}). */
public record ValidatedEvent(GitHubEvent event, byte[] source, int offset, int length) {}

package dev.descheduler.silver.parse;

/**
 * A Bronze row that cannot become a Silver row, for {@code silver.github_events_rejected}.
 *
 * @param ingestId the collector's id of the row, so the rejection can be traced back to its Bronze copy
 * @param eventId GitHub event id, null when the row had none
 * @param eventType null when the row had none
 * @param reason what is wrong and where, e.g. {@code created_at is not ISO-8601: "yesterday"}
 */
public record Rejection(String ingestId, String eventId, String eventType, String reason) implements ParseResult {}

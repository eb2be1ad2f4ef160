package dev.descheduler.silver.parse;

import java.time.Instant;

/**
 * What Silver reads of one {@code bronze.github_events} row: the collector's ids and the GitHub fields, with the
 * payload still as its original JSON text.
 *
 * @param ingestId collector-assigned id of this copy of the event
 * @param receivedAt when the collector accepted it
 * @param id GitHub event id
 * @param type GitHub event type, such as {@code PushEvent}
 * @param org null when the event has no organisation
 * @param payload original JSON text of the payload; null when the event had none
 * @param createdAt ISO-8601 text as GitHub sent it
 */
public record BronzeEventRow(
        String ingestId,
        Instant receivedAt,
        String id,
        String type,
        Actor actor,
        Repo repo,
        Org org,
        String payload,
        String createdAt) {

    /** @param displayLogin null in events from before GitHub added it */
    public record Actor(Long id, String login, String displayLogin) {}

    public record Repo(Long id, String name) {}

    public record Org(Long id, String login) {}
}

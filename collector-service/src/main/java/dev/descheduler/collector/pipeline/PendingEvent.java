package dev.descheduler.collector.pipeline;

import dev.descheduler.events.avro.GitHubEvent;

/**
 * An acknowledged event on its way to Kafka, with where the journal holds it ({@link #NOT_JOURNALED} in memory mode)
 * and its estimated encoded size.
 */
public record PendingEvent(GitHubEvent event, long journalSegment, int journalIndex, int estimatedBytes) {

    public static final long NOT_JOURNALED = -1;

    /**
     * Payload text dominates an event's size; the rest of the envelope stays well under this allowance. An estimate of
     * the uncompressed size bounds the compressed Kafka message from above, which is what the limit protects.
     */
    private static final int ENVELOPE_ALLOWANCE = 1024;

    public static int estimateBytes(GitHubEvent event) {
        String payload = event.getPayload();
        return ENVELOPE_ALLOWANCE + (payload == null ? 0 : payload.length());
    }
}

package dev.descheduler.collector.pipeline;

/**
 * The journal or the spill could not write the events of a request (disk full, I/O error): none of them was
 * acknowledged and none is kept, so the client may retry them as they are.
 */
public class EventStoreException extends RuntimeException {

    private final String reason;

    EventStoreException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Machine-readable reason for the response body: {@code journal_unavailable} or {@code spill_unavailable}. */
    public String reason() {
        return reason;
    }
}

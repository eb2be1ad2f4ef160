package dev.descheduler.collector.ingest;

import org.springframework.http.HttpStatus;

/** A request refused as a whole: the HTTP status, the metric label and the message the client reads. */
public final class IngestRejection extends RuntimeException {

    private final HttpStatus status;
    private final String reason;

    public IngestRejection(HttpStatus status, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    HttpStatus status() {
        return status;
    }

    String reason() {
        return reason;
    }
}

package dev.descheduler.collector.pipeline;

import java.time.Duration;

/** The queue and the spill are both full: the client must retry later instead of the collector dropping events. */
public class PipelineFullException extends RuntimeException {

    private final Duration retryAfter;

    public PipelineFullException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

package dev.descheduler.collector.publish;

import java.time.Instant;

/**
 * Circuit breaker on Kafka: once a batch exhausted its retries, later batches go straight to the fallback instead of
 * each paying the retries, until the replayer's probe finds the broker again.
 */
public final class KafkaState {

    private volatile boolean up = true;
    private volatile String lastError = "";
    private volatile Instant since = Instant.now();

    public boolean isUp() {
        return up;
    }

    public void markDown(Throwable cause) {
        lastError = String.valueOf(cause);
        if (up) {
            up = false;
            since = Instant.now();
        }
    }

    public void markUp() {
        if (!up) {
            up = true;
            since = Instant.now();
        }
    }

    public String lastError() {
        return lastError;
    }

    public Instant since() {
        return since;
    }
}

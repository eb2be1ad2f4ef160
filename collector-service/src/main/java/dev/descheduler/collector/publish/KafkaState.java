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
    private volatile String topicProblem = "";

    public boolean isUp() {
        return up;
    }

    public void markDown(Throwable cause) {
        lastError = RetryPolicy.describe(cause);
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

    /** Why the topic cannot hold every batch (see {@link TopicCheck}); empty when it can or is not checked yet. */
    public String topicProblem() {
        return topicProblem;
    }

    void reportTopicProblem(String problem) {
        topicProblem = problem;
    }
}

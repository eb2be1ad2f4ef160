package dev.descheduler.collector.publish;

import dev.descheduler.collector.config.CollectorProperties;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry policy: bounded attempts with exponential backoff for failures that may pass (broker down, timeout,
 * leader change), none for failures that cannot (a record the broker will never accept, missing rights).
 */
public final class RetryPolicy {

    private static final Logger log = LoggerFactory.getLogger(RetryPolicy.class);

    /** Counts retries for the metrics; called once per retry. */
    public interface RetryListener {
        void onRetry();
    }

    private final int maxAttempts;
    private final CollectorProperties.Kafka kafka;
    private final RetryListener listener;

    public RetryPolicy(CollectorProperties.Kafka kafka, RetryListener listener) {
        this.maxAttempts = kafka.retryMax();
        this.kafka = kafka;
        this.listener = listener;
    }

    public <T> T call(String what, Callable<T> attempt) throws Exception {
        for (int n = 1; ; n++) {
            try {
                return attempt.call();
            } catch (Exception e) {
                Exception cause = unwrap(e);
                if (isPermanent(cause) || n >= maxAttempts) {
                    log.warn("{} failed for good at attempt {}/{}: {}", what, n, maxAttempts, cause.toString());
                    throw cause;
                }
                Duration backoff = kafka.backoff(n);
                log.warn(
                        "{} failed at attempt {}/{}, retrying in {} ms: {}",
                        what,
                        n,
                        maxAttempts,
                        backoff.toMillis(),
                        cause.toString());
                listener.onRetry();
                Thread.sleep(backoff.toMillis());
            }
        }
    }

    static boolean isPermanent(Throwable e) {
        return e instanceof RecordTooLargeException
                || e instanceof SerializationException
                || e instanceof AuthorizationException
                || e instanceof AuthenticationException;
    }

    private static Exception unwrap(Exception e) {
        if (e instanceof ExecutionException && e.getCause() instanceof Exception cause) {
            return cause;
        }
        return e;
    }
}

package dev.descheduler.collector.publish;

import dev.descheduler.collector.config.CollectorProperties;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry policy: bounded attempts with exponential backoff for failures that may pass (broker down, timeout,
 * leader change), none for failures that cannot (a record the broker will never accept, missing rights, a topic the
 * collector may not create). Everything that sends to Kafka asks it, so first sends and replays agree on what is
 * permanent. A topic missing at send time (the broker does not auto-create) is retriable: the publisher creates it
 * from the NewTopic bean before the next attempt; when the collector may not create it, that is an authorization
 * error, which is permanent.
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

    /** Runs {@code attempt} until it succeeds, fails permanently or used up its attempts; throws the last cause. */
    public <T> T call(String what, Callable<T> attempt) throws Exception {
        for (int n = 1; ; n++) {
            try {
                return attempt.call();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Exception cause = unwrap(e);
                Optional<String> permanent = permanentReason(cause);
                if (permanent.isPresent()) {
                    log.warn("{} refused for good at attempt {}/{}: {}", what, n, maxAttempts, permanent.get());
                    throw cause;
                }
                if (n >= maxAttempts) {
                    log.warn("{} failed at attempt {}/{}, no attempts left: {}", what, n, maxAttempts, describe(cause));
                    throw cause;
                }
                Duration backoff = kafka.backoff(n);
                log.warn(
                        "{} failed at attempt {}/{}, retrying in {} ms: {}",
                        what,
                        n,
                        maxAttempts,
                        backoff.toMillis(),
                        describe(cause));
                listener.onRetry();
                Thread.sleep(backoff.toMillis());
            }
        }
    }

    /** True when no retry, now or later, can bring this batch to Kafka. */
    public boolean isPermanent(Throwable failure) {
        return permanentReason(failure).isPresent();
    }

    /**
     * The permanent failure somewhere in the cause chain, as a reason for humans. Spring Kafka wraps the client's
     * exception (KafkaProducerException) and futures wrap that again, so the whole chain is searched.
     */
    public static Optional<String> permanentReason(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof RecordTooLargeException
                    || e instanceof RecordBatchTooLargeException
                    || e instanceof InvalidRecordException
                    || e instanceof SerializationException
                    || e instanceof AuthorizationException
                    || e instanceof AuthenticationException
                    || e instanceof InvalidTopicException
                    || e instanceof PolicyViolationException
                    || e instanceof InvalidConfigurationException) {
                return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * The innermost cause, which names what went wrong; the wrappers around it (ExecutionException,
     * KafkaProducerException "Failed to send") say nothing more.
     */
    public static String describe(Throwable failure) {
        Throwable e = failure;
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e.toString();
    }

    private static Exception unwrap(Exception e) {
        if ((e instanceof ExecutionException || e instanceof CompletionException)
                && e.getCause() instanceof Exception cause) {
            return cause;
        }
        return e;
    }
}

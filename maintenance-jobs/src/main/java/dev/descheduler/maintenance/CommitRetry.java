package dev.descheduler.maintenance;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry policy of maintenance: a task whose commit lost a race with a concurrent writer (the stream, a Silver
 * MERGE) is run again from a fresh plan, a bounded number of times. Iceberg has already retried the commit itself by
 * then ({@code commit.retry.num-retries}); what reaches here either conflicts for real (the files it rewrote were
 * changed) or kept losing. Both leave the table as it was, so a new attempt is safe. An unknown commit state is never
 * retried: the commit may have landed.
 */
final class CommitRetry {

    private static final Logger LOG = LoggerFactory.getLogger(CommitRetry.class);

    private final int maxAttempts;
    private final Duration backoff;

    CommitRetry(int maxAttempts, Duration backoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    static CommitRetry defaults() {
        return new CommitRetry(3, Duration.ofSeconds(5));
    }

    <T> T run(String what, Callable<T> work) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.call();
            } catch (Exception e) {
                if (isUnknownState(e)) {
                    throw new IllegalStateException(
                            what + ": the commit state is unknown (the catalog did not answer"
                                    + " in time); the commit may or may not have landed, so it is not retried. Check the"
                                    + " table's snapshots before running it again: " + rootMessage(e),
                            e);
                }
                if (!isConflict(e)) {
                    throw e;
                }
                if (attempt >= maxAttempts) {
                    throw new IllegalStateException(
                            what + " conflicted with concurrent commits " + attempt
                                    + " times and gave up; the table is unchanged by the failed attempts (Iceberg commits"
                                    + " all or nothing). Run it again when the writers are quieter: " + rootMessage(e),
                            e);
                }
                LOG.warn(
                        "{} conflicted with a concurrent commit, attempt {}/{}, retrying from a fresh plan: {}",
                        what,
                        attempt,
                        maxAttempts,
                        rootMessage(e));
                Thread.sleep(backoff.toMillis() * attempt);
            }
        }
    }

    static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CommitFailedException || t instanceof ValidationException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnknownState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CommitStateUnknownException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}

package dev.descheduler.collector.publish;

import dev.descheduler.collector.batch.EncodedBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state "no store takes batches" (Kafka down, the landing zone and the local disk failing): the pause between two
 * rounds doubles up to a bound, and the log gets one ERROR when the state begins, a WARN summary per interval while it
 * lasts and one INFO when it ends, instead of a stack trace every second.
 */
final class StoreOutage {

    private static final Logger log = LoggerFactory.getLogger(StoreOutage.class);
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

    /** Waits between two rounds; tests pass one that records the pauses instead of sleeping. */
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Duration maxPause;
    private final Duration summaryInterval;
    private final LongSupplier nanoTime;
    private final Pause pause;
    private final Counter failures;
    private boolean active;
    private long startedAt;
    private long lastSummaryAt;
    private long failedRounds;
    private long failedSinceSummary;

    StoreOutage(
            Duration maxPause, Duration summaryInterval, LongSupplier nanoTime, Pause pause, MeterRegistry registry) {
        this.maxPause = maxPause;
        this.summaryInterval = summaryInterval;
        this.nanoTime = nanoTime;
        this.pause = pause;
        this.failures = Counter.builder("delivery_store_failures")
                .description("Rounds in which no store (Kafka, landing zone, local disk) took a batch")
                .register(registry);
        Gauge.builder("delivery_store_outage", this, o -> o.isActive() ? 1 : 0)
                .description("1 while batches can be stored nowhere and wait in memory")
                .register(registry);
    }

    /** One round found no store for {@code batch}; logs by state and waits before the next round. */
    void failed(EncodedBatch batch, String stores, Exception lastCause) throws InterruptedException {
        failures.increment();
        pause.sleep(record(batch, stores, lastCause));
    }

    /**
     * The bookkeeping and logging of one failed round; the delivery workers share one outage, so this is locked (the
     * pause is not). Returns how long to pause.
     */
    private synchronized Duration record(EncodedBatch batch, String stores, Exception lastCause) {
        long now = nanoTime.getAsLong();
        failedRounds++;
        failedSinceSummary++;
        if (!isActive()) {
            setActive(now);
            log.error(
                    "{} could not be stored in {}; retrying with pauses up to {} s, a summary every {} s",
                    batch,
                    stores,
                    maxPause.toSeconds(),
                    summaryInterval.toSeconds(),
                    lastCause);
        } else if (now - lastSummaryAt >= summaryInterval.toNanos()) {
            log.warn(
                    "still no store for batches after {} s: {} failed rounds ({} since the last summary), {} waiting;"
                            + " last error: {}",
                    Duration.ofNanos(now - startedAt).toSeconds(),
                    failedRounds,
                    failedSinceSummary,
                    batch,
                    lastCause.toString());
            lastSummaryAt = now;
            failedSinceSummary = 0;
        }
        return pauseAfter(failedRounds);
    }

    /** A store took a batch: ends the outage, if there was one. */
    synchronized void stored(EncodedBatch batch, String where) {
        if (!active) {
            return;
        }
        log.info(
                "{} stored in {}: batches are stored again after {} s and {} failed rounds",
                batch,
                where,
                Duration.ofNanos(nanoTime.getAsLong() - startedAt).toSeconds(),
                failedRounds);
        active = false;
        failedRounds = 0;
        failedSinceSummary = 0;
    }

    Duration pauseAfter(long rounds) {
        long shift = Math.min(rounds - 1, 20);
        Duration next = FIRST_PAUSE.multipliedBy(1L << shift);
        return next.compareTo(maxPause) > 0 ? maxPause : next;
    }

    synchronized boolean isActive() {
        return active;
    }

    private synchronized void setActive(long now) {
        active = true;
        startedAt = now;
        lastSummaryAt = now;
    }
}

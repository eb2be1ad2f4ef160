package dev.descheduler.collector.batch;

import dev.descheduler.collector.config.CollectorProperties;
import dev.descheduler.collector.pipeline.PendingEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Cuts the queue into batches: a batch closes at the size limit, before the event that would pass the byte limit,
 * or when its first event has waited the time limit.
 */
public final class Batcher {

    private final BlockingQueue<PendingEvent> queue;
    private final int maxSize;
    private final long maxBytes;
    private final Duration maxTime;
    /** Put in the queue to close the batch being filled at once, for a prompt drain at shutdown. */
    private static final PendingEvent FLUSH = new PendingEvent(null, PendingEvent.NOT_JOURNALED, 0, 0);

    private PendingEvent carried;

    public Batcher(BlockingQueue<PendingEvent> queue, CollectorProperties.Batch settings) {
        this.queue = queue;
        this.maxSize = settings.maxSize();
        this.maxBytes = settings.maxBytes();
        this.maxTime = settings.maxTime();
    }

    /** The next batch, or an empty list when nothing arrived within {@code idleWait}. */
    public List<PendingEvent> next(Duration idleWait) throws InterruptedException {
        PendingEvent first = carried != null ? carried : queue.poll(idleWait.toMillis(), TimeUnit.MILLISECONDS);
        carried = null;
        if (first == null || first == FLUSH) {
            return List.of();
        }
        List<PendingEvent> batch = new ArrayList<>(Math.min(maxSize, 1024));
        batch.add(first);
        long bytes = first.estimatedBytes();
        long deadline = System.nanoTime() + maxTime.toNanos();
        while (batch.size() < maxSize) {
            PendingEvent next = queue.poll();
            if (next == null) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                next = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
            }
            if (next == FLUSH) {
                break;
            }
            if (bytes + next.estimatedBytes() > maxBytes) {
                carried = next;
                break;
            }
            batch.add(next);
            bytes += next.estimatedBytes();
        }
        return batch;
    }

    /** Closes the batch being filled now instead of at its time limit. */
    public void flush() {
        queue.add(FLUSH);
    }

    public static boolean isFlush(PendingEvent event) {
        return event == FLUSH;
    }

    /** Events taken from the queue but not yet in a returned batch (at most one). */
    public List<PendingEvent> takeCarried() {
        PendingEvent event = carried;
        carried = null;
        return event == null ? List.of() : List.of(event);
    }
}

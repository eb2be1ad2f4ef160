package dev.descheduler.collector.pipeline;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.descheduler.collector.batch.Batcher;
import dev.descheduler.collector.batch.EncodedBatch;
import dev.descheduler.collector.config.CollectorProperties;
import dev.descheduler.collector.journal.EventJournal;
import dev.descheduler.collector.journal.JournalRecords;
import dev.descheduler.collector.publish.BatchDelivery;
import dev.descheduler.collector.publish.LocalFallbackStore;
import dev.descheduler.collector.spill.SpillStore;
import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.avro.GitHubEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's delivery path: admission (queue slot, else spill, else 503), the journal in durable mode, the
 * batcher thread that hands batches to {@link BatchDelivery}, and the drain on shutdown.
 */
public final class DeliveryPipeline implements EventPipeline {

    private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final CollectorProperties settings;
    private final EventJournal journal;
    private final SpillStore spill;
    private final BatchDelivery delivery;
    private final LocalFallbackStore shutdownFallback;
    private final LinkedBlockingQueue<PendingEvent> queue = new LinkedBlockingQueue<>();
    private volatile Semaphore queueSlots;
    private final Batcher batcher;
    private final ExecutorService spillWriter = Executors.newSingleThreadExecutor(r -> new Thread(r, "spill-writer"));
    private final TimeBasedEpochGenerator batchIds = Generators.timeBasedEpochGenerator();
    private final Thread worker;
    private final Timer serialization;
    private final Counter serializationErrors;
    private final Instant startedAt = Instant.now();
    private volatile boolean accepting;
    private volatile boolean running;
    private volatile long drainDeadline = Long.MAX_VALUE;

    public DeliveryPipeline(
            CollectorProperties settings,
            EventJournal journal,
            SpillStore spill,
            BatchDelivery delivery,
            LocalFallbackStore shutdownFallback,
            MeterRegistry registry) {
        this.settings = settings;
        this.journal = journal;
        this.spill = spill;
        this.delivery = delivery;
        this.shutdownFallback = shutdownFallback;
        this.batcher = new Batcher(queue, settings.batch());
        this.worker = new Thread(this::deliverLoop, "batch-worker");
        this.serialization = Timer.builder("serialization_duration_seconds")
                .description("Time to encode one batch as an Avro container file")
                .register(registry);
        this.serializationErrors = Counter.builder("serialization_errors")
                .description("Batches that could not be encoded")
                .register(registry);
        registry.gauge("metric_queue_size", queue, LinkedBlockingQueue::size);
        registry.gauge("metric_queue_capacity", this, p -> p.settings.queue().maxSize());
        registry.gauge("metric_queue_utilization_percent", this, DeliveryPipeline::queuePressurePercent);
        registry.gauge("kafka_worker_active", this, p -> p.worker.isAlive() ? 1 : 0);
        registry.gauge("kafka_worker_uptime_seconds", this, p -> Duration.between(p.startedAt, Instant.now())
                .toSeconds());
    }

    /** Replays what the journal of a previous run still holds, then starts taking events. */
    public void start() {
        if (journal != null) {
            for (JournalRecords records : journal.recover()) {
                for (GitHubEvent event : records.events()) {
                    queue.add(new PendingEvent(event, records.segmentId(), PendingEvent.estimateBytes(event)));
                }
            }
            journal.start();
        }
        // recovered events occupy queue slots too; the count may start below zero
        queueSlots = new Semaphore(settings.queue().maxSize() - queue.size());
        running = true;
        accepting = true;
        worker.start();
    }

    @Override
    public CompletionStage<Void> submit(List<GitHubEvent> events) {
        if (!accepting) {
            return CompletableFuture.failedFuture(new PipelineClosedException());
        }
        int count = events.size();
        if (queueSlots.tryAcquire(count)) {
            return journaled(events).thenAccept(segment -> {
                for (GitHubEvent event : events) {
                    queue.add(new PendingEvent(event, segment, PendingEvent.estimateBytes(event)));
                }
            });
        }
        long estimate = events.stream().mapToLong(PendingEvent::estimateBytes).sum();
        if (spill.tryReserve(estimate)) {
            return journaled(events).thenAcceptAsync(segment -> spillEvents(events, segment, estimate), spillWriter);
        }
        return CompletableFuture.failedFuture(new PipelineFullException(
                "the collector's queue (" + settings.queue().maxSize() + " events) and spill ("
                        + settings.spill().maxBytes() + " bytes) are full",
                RETRY_AFTER));
    }

    private CompletableFuture<Long> journaled(List<GitHubEvent> events) {
        return journal == null ? CompletableFuture.completedFuture(PendingEvent.NOT_JOURNALED) : journal.append(events);
    }

    private void spillEvents(List<GitHubEvent> events, long segment, long reservedBytes) {
        EncodedBatch batch =
                new EncodedBatch(batchIds.generate().toString(), EventBatchCodec.encode(events), events.size());
        try {
            spill.write(batch, reservedBytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot spill " + batch, e);
        }
        release(segment, events.size());
        log.debug("spilled {}", batch);
    }

    private void deliverLoop() {
        while (running || !queue.isEmpty()) {
            List<PendingEvent> batch;
            try {
                batch = batcher.next(Duration.ofMillis(200));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch.isEmpty()) {
                continue;
            }
            queueSlots.release(batch.size());
            try {
                deliver(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("delivery of {} events failed; they stay in the journal for the next start", batch.size(), e);
            }
        }
    }

    private void deliver(List<PendingEvent> batch) throws InterruptedException {
        List<GitHubEvent> events = new ArrayList<>(batch.size());
        for (PendingEvent pending : batch) {
            events.add(pending.event());
        }
        byte[] file;
        Timer.Sample sample = Timer.start();
        try {
            file = EventBatchCodec.encode(events);
        } catch (RuntimeException e) {
            serializationErrors.increment();
            throw e;
        } finally {
            sample.stop(serialization);
        }
        EncodedBatch encoded = new EncodedBatch(batchIds.generate().toString(), file, events.size());
        delivery.publishOrFallback(encoded, () -> System.nanoTime() > drainDeadline);
        releaseAll(batch);
    }

    private void releaseAll(List<PendingEvent> batch) {
        Map<Long, Integer> perSegment = new HashMap<>();
        for (PendingEvent pending : batch) {
            perSegment.merge(pending.journalSegment(), 1, Integer::sum);
        }
        perSegment.forEach(this::release);
    }

    private void release(long segment, int count) {
        if (journal != null && segment != PendingEvent.NOT_JOURNALED) {
            journal.delivered(segment, count);
        }
    }

    /**
     * Stops taking events and drains the queue to Kafka (or its fallbacks) within the shutdown timeout; whatever is
     * still queued then goes to the local fallback folder, so nothing acknowledged stays only in memory.
     */
    public void stop() {
        accepting = false;
        Duration timeout = settings.shutdown().timeout();
        drainDeadline = System.nanoTime() + timeout.toNanos();
        running = false;
        try {
            worker.join(timeout.toMillis());
            if (worker.isAlive()) {
                worker.interrupt();
                worker.join(5_000);
            }
            spillWriter.shutdown();
            spillWriter.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<PendingEvent> left = new ArrayList<>(batcher.takeCarried());
        queue.drainTo(left);
        if (!left.isEmpty()) {
            writeLeftovers(left);
        }
        if (journal != null) {
            journal.close();
        }
    }

    private void writeLeftovers(List<PendingEvent> left) {
        List<GitHubEvent> events = left.stream().map(PendingEvent::event).toList();
        String batchId = batchIds.generate().toString();
        try {
            shutdownFallback.write(batchId, EventBatchCodec.encode(events));
            releaseAll(left);
            log.warn(
                    "shutdown deadline passed: {} queued events written to {} as batch {}",
                    events.size(),
                    shutdownFallback.dir(),
                    batchId);
        } catch (java.io.IOException | RuntimeException e) {
            log.error("{} queued events could not be written at shutdown; the journal keeps them", events.size(), e);
        }
    }

    public boolean isAccepting() {
        return accepting;
    }

    public int queueSize() {
        return queue.size();
    }

    public int queuePressurePercent() {
        if (queueSlots == null) {
            return 0;
        }
        return (int) ((long) (settings.queue().maxSize() - queueSlots.availablePermits())
                * 100
                / settings.queue().maxSize());
    }

    public long journalPendingEvents() {
        return journal == null ? 0 : journal.pendingEvents();
    }
}

package dev.descheduler.collector.pipeline;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.descheduler.collector.batch.Batcher;
import dev.descheduler.collector.batch.EncodedBatch;
import dev.descheduler.collector.config.CollectorProperties;
import dev.descheduler.collector.journal.EventJournal;
import dev.descheduler.collector.journal.JournalPosition;
import dev.descheduler.collector.journal.JournalRecord;
import dev.descheduler.collector.journal.RecoveredEvent;
import dev.descheduler.collector.publish.BatchDelivery;
import dev.descheduler.collector.publish.LocalFallbackStore;
import dev.descheduler.collector.spill.SpillStore;
import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.avro.GitHubEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's delivery path: admission (queue slot, else spill, else 503), the journal in durable mode, the
 * batch worker that cuts the queue into batches, the delivery workers that encode them and hand them to
 * {@link BatchDelivery} ({@code DELIVERY_WORKERS} batches at once), and the drain on shutdown.
 *
 * <p>Several delivery workers because one that waits for each Kafka acknowledgement before encoding the next batch
 * leaves the CPU idle for every round trip and falls behind the ingest handlers. The batch worker hands a batch over
 * only to a worker that is free, so at most {@code workers} batches are being sent at any time, and that is what a
 * fault can send twice: a batch counts as delivered in the journal once a store holds it, in whatever order the
 * workers finish.
 */
public final class DeliveryPipeline implements EventPipeline {

    private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final CollectorProperties settings;
    private final EventJournal journal;
    private final SpillStore spill;
    private final BatchStore store;
    private final LocalFallbackStore localFallback;
    private final UnencodableEvents unencodable;
    private final LinkedBlockingQueue<PendingEvent> queue = new LinkedBlockingQueue<>();
    /** From the batch worker to a free delivery worker: no capacity, so a batch waits until a worker takes it. */
    private final SynchronousQueue<List<PendingEvent>> handoff = new SynchronousQueue<>();

    private volatile Semaphore queueSlots;
    private final Batcher batcher;
    private final ExecutorService spillWriter = Executors.newSingleThreadExecutor(r -> new Thread(r, "spill-writer"));
    private final TimeBasedEpochGenerator batchIds = Generators.timeBasedEpochGenerator();
    private final Thread worker;
    private final List<Thread> senders;
    /** Set once the batch worker has handed over its last batch; the delivery workers then stop. */
    private volatile boolean batchingDone;

    private final Timer serialization;
    private final Counter serializationErrors;
    private final Instant startedAt = Instant.now();
    /** Submissions between their admission check and their acknowledgement; the drain waits for them. */
    private final AtomicInteger admitting = new AtomicInteger();
    /**
     * Acknowledged events held in memory: queued, in the batch being filled or being sent. The queue alone does not
     * say the collector has drained, since the batch worker takes events out of it up to BATCH_MAX_TIME before they
     * are stored anywhere; in memory mode nothing else counts them.
     */
    private final AtomicLong undelivered = new AtomicLong();
    /** Batches no store took (only possible past the drain deadline); written with the leftovers at shutdown. */
    private final List<PendingEvent> unstored = new ArrayList<>();

    private final AtomicBoolean drained = new AtomicBoolean();
    private volatile boolean accepting;
    private volatile boolean running;
    private volatile long drainDeadline = Long.MAX_VALUE;

    public DeliveryPipeline(
            CollectorProperties settings,
            EventJournal journal,
            SpillStore spill,
            BatchDelivery delivery,
            LocalFallbackStore localFallback,
            MeterRegistry registry) {
        this(settings, journal, spill, delivery::publishOrFallback, localFallback, registry);
    }

    /** Where a delivery worker stores an encoded batch; returns once a store holds it (tests block it here). */
    @FunctionalInterface
    interface BatchStore {
        void store(EncodedBatch batch, BooleanSupplier giveUp) throws InterruptedException;
    }

    DeliveryPipeline(
            CollectorProperties settings,
            EventJournal journal,
            SpillStore spill,
            BatchStore store,
            LocalFallbackStore localFallback,
            MeterRegistry registry) {
        this.settings = settings;
        this.journal = journal;
        this.spill = spill;
        this.store = store;
        this.localFallback = localFallback;
        this.unencodable = new UnencodableEvents(localFallback.dir());
        this.batcher = new Batcher(queue, settings.batch());
        this.worker = new Thread(this::batchLoop, "batch-worker");
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= settings.delivery().workers(); i++) {
            threads.add(new Thread(this::deliverLoop, "delivery-" + i));
        }
        this.senders = List.copyOf(threads);
        this.serialization = Timer.builder("serialization_duration_seconds")
                .description("Time to encode one batch as an Avro container file")
                .register(registry);
        this.serializationErrors = Counter.builder("serialization_errors")
                .description("Batches that could not be encoded")
                .register(registry);
        registry.gauge("metric_queue_size", queue, LinkedBlockingQueue::size);
        registry.gauge("metric_undelivered_events", undelivered, AtomicLong::get);
        registry.gauge("metric_queue_capacity", this, p -> p.settings.queue().maxSize());
        registry.gauge("metric_queue_utilization_percent", this, DeliveryPipeline::queuePressurePercent);
        registry.gauge("kafka_worker_active", this, p -> p.deliveryThreadsAlive() ? 1 : 0);
        registry.gauge("kafka_worker_uptime_seconds", this, p -> Duration.between(p.startedAt, Instant.now())
                .toSeconds());
    }

    /** Replays what the journal of a previous run still holds, then starts taking events. */
    public void start() {
        if (journal != null) {
            List<RecoveredEvent> recovered = journal.recover();
            for (RecoveredEvent event : recovered) {
                queue.add(pending(event.event(), event.position()));
            }
            undelivered.addAndGet(recovered.size());
            journal.start();
        }
        // recovered events occupy queue slots too; the count may start below zero
        queueSlots = new Semaphore(settings.queue().maxSize() - queue.size());
        running = true;
        accepting = true;
        senders.forEach(Thread::start);
        worker.start();
    }

    @Override
    public CompletionStage<Void> submit(List<GitHubEvent> events) {
        return admit(events, () -> {
            ByteBuffer[] records = new ByteBuffer[events.size()];
            for (int i = 0; i < records.length; i++) {
                records[i] = JournalRecord.avro(events.get(i));
            }
            return records;
        });
    }

    @Override
    public CompletionStage<Void> submitValidated(List<ValidatedEvent> validated) {
        List<GitHubEvent> events = new ArrayList<>(validated.size());
        for (ValidatedEvent v : validated) {
            events.add(v.event());
        }
        return admit(events, () -> {
            ByteBuffer[] records = new ByteBuffer[validated.size()];
            for (int i = 0; i < records.length; i++) {
                ValidatedEvent v = validated.get(i);
                records[i] = JournalRecord.json(
                        v.event().getIngestId(), v.event().getReceivedAt(), v.source(), v.offset(), v.length());
            }
            return records;
        });
    }

    /**
     * Every capacity taken here is given back on every failure path: a request that is not acknowledged holds neither
     * queue slots nor spill room afterwards, so failures cannot wear the collector down into answering 503 forever.
     */
    private CompletionStage<Void> admit(List<GitHubEvent> events, Supplier<ByteBuffer[]> journalRecords) {
        admitting.incrementAndGet();
        if (!accepting) {
            admitting.decrementAndGet();
            return CompletableFuture.failedFuture(new PipelineClosedException());
        }
        CompletableFuture<Void> acknowledged;
        try {
            acknowledged = reserveAndJournal(events, journalRecords);
        } catch (RuntimeException e) {
            acknowledged = CompletableFuture.failedFuture(e);
        }
        return acknowledged.whenComplete((ignored, error) -> admitting.decrementAndGet());
    }

    private CompletableFuture<Void> reserveAndJournal(List<GitHubEvent> events, Supplier<ByteBuffer[]> records) {
        int count = events.size();
        if (queueSlots.tryAcquire(count)) {
            return journaled(records, () -> queueSlots.release(count)).thenAccept(position -> {
                undelivered.addAndGet(count);
                for (int i = 0; i < count; i++) {
                    queue.add(pending(events.get(i), position == null ? null : position.plus(i)));
                }
            });
        }
        long estimate = events.stream().mapToLong(PendingEvent::estimateBytes).sum();
        if (spill.tryReserve(estimate)) {
            return journaled(records, () -> spill.cancel(estimate))
                    .thenAcceptAsync(position -> spillEvents(events, position, estimate), spillWriter);
        }
        return CompletableFuture.failedFuture(new PipelineFullException(
                "the collector's queue (" + settings.queue().maxSize() + " events) and spill ("
                        + settings.spill().maxBytes() + " bytes) are full",
                RETRY_AFTER));
    }

    /** The journal's position of the events (null in memory mode); on failure {@code giveBack} runs first. */
    private CompletableFuture<JournalPosition> journaled(Supplier<ByteBuffer[]> records, Runnable giveBack) {
        if (journal == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<JournalPosition> appended;
        try {
            appended = journal.append(records.get());
        } catch (RuntimeException e) {
            giveBack.run();
            throw e;
        }
        return appended.handle((position, error) -> {
            if (error != null) {
                giveBack.run();
                throw new EventStoreException(
                        "journal_unavailable",
                        "the journal cannot write (" + rootMessage(error) + "); nothing was acknowledged, retry later",
                        error);
            }
            return position;
        });
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    private PendingEvent pending(GitHubEvent event, JournalPosition position) {
        return position == null
                ? new PendingEvent(event, PendingEvent.NOT_JOURNALED, 0, PendingEvent.estimateBytes(event))
                : new PendingEvent(event, position.segment(), position.index(), PendingEvent.estimateBytes(event));
    }

    private void spillEvents(List<GitHubEvent> events, JournalPosition position, long reservedBytes) {
        List<PendingEvent> spilled = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            spilled.add(pending(events.get(i), position == null ? null : position.plus(i)));
        }
        EncodedBatch batch;
        try {
            byte[] file;
            try {
                file = EventBatchCodec.encode(events);
            } catch (RuntimeException e) {
                spill.cancel(reservedBytes);
                throw e;
            }
            batch = new EncodedBatch(batchIds.generate().toString(), file, events.size());
            // gives the reservation back whether or not the write succeeds
            spill.write(batch, reservedBytes);
        } catch (IOException | RuntimeException e) {
            // not acknowledged, so not kept: the journal records of these events count as done
            JournalRelease.of(spilled).applyTo(journal);
            throw new EventStoreException(
                    "spill_unavailable",
                    "the spill cannot write (" + e + "); nothing was acknowledged, retry later",
                    e);
        }
        JournalRelease.of(spilled).applyTo(journal);
        log.debug("spilled {}", batch);
    }

    /** The batch worker: cuts batches and hands each to a free delivery worker. */
    private void batchLoop() {
        try {
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
                    handoff.put(batch);
                } catch (InterruptedException e) {
                    // interrupted past the drain deadline: the shutdown writes the batch with the other leftovers
                    keepForShutdown(batch);
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            batchingDone = true;
        }
    }

    /** A delivery worker: encodes and stores the batches handed to it until the batch worker is done. */
    private void deliverLoop() {
        while (true) {
            List<PendingEvent> batch;
            try {
                batch = handoff.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (batch == null) {
                // the handoff has no capacity: once the batch worker is done, no batch can still be waiting in it
                if (batchingDone) {
                    return;
                }
                continue;
            }
            try {
                if (deliver(batch)) {
                    undelivered.addAndGet(-batch.size());
                }
            } catch (InterruptedException e) {
                // deliver kept the batch for the shutdown write
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void keepForShutdown(List<PendingEvent> batch) {
        synchronized (unstored) {
            unstored.addAll(batch);
        }
    }

    /**
     * Encodes and hands the batch to {@link BatchDelivery}. Events that cannot be encoded are set aside; if delivery
     * itself fails, the batch takes the last resort of a Kafka failure (the local fallback folder) here, so an
     * acknowledged event is never only logged. False when the batch is stored nowhere and stays in memory.
     */
    private boolean deliver(List<PendingEvent> batch) throws InterruptedException {
        String batchId = batchIds.generate().toString();
        List<PendingEvent> encodable = batch;
        byte[] file;
        Timer.Sample sample = Timer.start();
        try {
            file = encode(batch);
        } catch (RuntimeException e) {
            serializationErrors.increment();
            List<List<PendingEvent>> split = UnencodableEvents.split(batch);
            encodable = split.get(0);
            setAside(batchId, split.get(1), e);
            if (encodable.isEmpty()) {
                return true;
            }
            file = encode(encodable);
        } finally {
            sample.stop(serialization);
        }
        EncodedBatch encoded = new EncodedBatch(batchId, file, encodable.size());
        try {
            store.store(encoded, () -> System.nanoTime() > drainDeadline);
        } catch (InterruptedException e) {
            // interrupted past the drain deadline: its send may still complete (a duplicate, within the bound of one
            // batch per worker); either way the shutdown writes it with the leftovers, so it is not only in memory
            keepForShutdown(encodable);
            throw e;
        } catch (RuntimeException e) {
            try {
                localFallback.write(batchId, file);
                log.warn("delivery of {} failed ({}); written to {}", encoded, e.toString(), localFallback.dir());
            } catch (IOException | RuntimeException stored) {
                log.error(
                        "{} is stored nowhere ({}); {}",
                        encoded,
                        stored.toString(),
                        journal == null ? "kept for the shutdown write" : "the journal keeps it for the next start",
                        e);
                keepForShutdown(encodable);
                return false;
            }
        }
        JournalRelease.of(encodable).applyTo(journal);
        return true;
    }

    private static byte[] encode(List<PendingEvent> batch) {
        List<GitHubEvent> events = new ArrayList<>(batch.size());
        for (PendingEvent pending : batch) {
            events.add(pending.event());
        }
        return EventBatchCodec.encode(events);
    }

    private void setAside(String batchId, List<PendingEvent> bad, RuntimeException cause) {
        try {
            unencodable.write(batchId, bad, cause);
            JournalRelease.of(bad).applyTo(journal);
        } catch (IOException e) {
            log.error(
                    "{} events of batch {} cannot be encoded nor written to {}",
                    bad.size(),
                    batchId,
                    unencodable.dir(),
                    e);
        }
    }

    /**
     * Stops taking events (503 from now on) and brings every acknowledged one to Kafka or a fallback within the
     * shutdown timeout; whatever is still queued then goes to the local fallback folder, so nothing acknowledged stays
     * only in memory. Runs while the web server still answers, so clients get a 503 rather than a refused connection.
     */
    public void drain() {
        if (!drained.compareAndSet(false, true)) {
            return;
        }
        accepting = false;
        Duration timeout = settings.shutdown().timeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        drainDeadline = deadline;
        try {
            // requests already admitted finish their journal write and land in the queue before the last batch
            while (admitting.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            running = false;
            batcher.flush();
            // the batch worker first: it is done once every queued event is in a batch a delivery worker took
            joinUntil(worker, deadline);
            for (Thread sender : senders) {
                joinUntil(sender, deadline);
            }
            spillWriter.shutdown();
            spillWriter.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<PendingEvent> left = new ArrayList<>(batcher.takeCarried());
        queue.drainTo(left);
        left.removeIf(Batcher::isFlush);
        synchronized (unstored) {
            left.addAll(unstored);
        }
        if (!left.isEmpty()) {
            writeLeftovers(left);
        }
    }

    /** Waits for the thread until the deadline, then interrupts it and gives it 5 s more. */
    private static void joinUntil(Thread thread, long deadline) throws InterruptedException {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /** Drains if that has not happened yet, then closes the journal. */
    public void stop() {
        drain();
        if (journal != null) {
            journal.close();
        }
    }

    private void writeLeftovers(List<PendingEvent> left) {
        String batchId = batchIds.generate().toString();
        try {
            localFallback.write(batchId, encode(left));
            JournalRelease.of(left).applyTo(journal);
            log.warn(
                    "shutdown deadline passed: {} queued events written to {} as batch {}",
                    left.size(),
                    localFallback.dir(),
                    batchId);
        } catch (IOException | RuntimeException e) {
            log.error("{} queued events could not be written at shutdown; the journal keeps them", left.size(), e);
        }
    }

    public boolean isAccepting() {
        return accepting;
    }

    /**
     * False when a thread the pipeline depends on has died (the batch worker, a delivery worker, the journal writer)
     * outside a shutdown: the collector would acknowledge events that never leave it, or leave them to fewer workers
     * than configured.
     */
    public boolean areWorkersAlive() {
        if (drained.get()) {
            return true;
        }
        return deliveryThreadsAlive() && (journal == null || journal.isWriterAlive());
    }

    /** The batch worker and every delivery worker run. */
    private boolean deliveryThreadsAlive() {
        if (!worker.isAlive()) {
            return false;
        }
        for (Thread sender : senders) {
            if (!sender.isAlive()) {
                return false;
            }
        }
        return true;
    }

    public int queueSize() {
        return queue.size();
    }

    /**
     * Acknowledged events only in memory (queued, being batched or being sent); zero once every acknowledged event is
     * stored by Kafka, a fallback or the spill.
     */
    public long undeliveredEvents() {
        return undelivered.get();
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

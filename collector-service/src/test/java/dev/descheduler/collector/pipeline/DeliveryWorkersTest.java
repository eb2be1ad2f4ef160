package dev.descheduler.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.descheduler.collector.batch.EncodedBatch;
import dev.descheduler.collector.config.CollectorProperties.AckMode;
import dev.descheduler.collector.journal.EventJournal;
import dev.descheduler.collector.journal.RecoveredEvent;
import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.avro.GitHubEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several delivery workers: batches are sent at the same time but never more than one per worker, and the journal
 * counts each batch delivered when its own store returns, whatever the order the workers finish in, so a crash
 * replays exactly the batches still being sent.
 */
class DeliveryWorkersTest {

    @TempDir
    Path root;

    /** A store that holds every batch until the test releases it, and records what it was given. */
    private static final class HeldStore implements DeliveryPipeline.BatchStore {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final List<CountDownLatch> releases = Collections.synchronizedList(new ArrayList<>());
        final List<List<String>> entered = Collections.synchronizedList(new ArrayList<>());
        final ConcurrentLinkedQueue<String> stored = new ConcurrentLinkedQueue<>();
        private boolean open;

        @Override
        public void store(EncodedBatch batch, BooleanSupplier giveUp) throws InterruptedException {
            CountDownLatch release = new CountDownLatch(1);
            List<String> ids = idsOf(batch);
            synchronized (this) {
                if (open) {
                    release.countDown();
                }
                releases.add(release);
                entered.add(ids);
            }
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                release.await();
                stored.addAll(ids);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        /** Lets the batches entered so far return, the last one first, and every later one at once. */
        void open() {
            List<CountDownLatch> held;
            synchronized (this) {
                open = true;
                held = new ArrayList<>(releases);
            }
            Collections.reverse(held);
            held.forEach(CountDownLatch::countDown);
        }

        void releaseBatch(int index) {
            releases.get(index).countDown();
        }

        private static List<String> idsOf(EncodedBatch batch) {
            try {
                return EventBatchCodec.decode(batch.avroFile()).stream()
                        .map(GitHubEvent::getIngestId)
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void sendsAsManyBatchesAtOnceAsThereAreWorkersAndNeverMore() throws Exception {
        HeldStore store = new HeldStore();
        try (PipelineFixture fixture = new PipelineFixture(root, AckMode.DURABLE, 10_000, 1 << 20, 3, store)) {
            fixture.pipeline.start();
            List<String> acknowledged = new ArrayList<>();
            // ten batches of 100 (the fixture's batch size)
            for (int i = 0; i < 10; i++) {
                List<ValidatedEvent> events = fixture.events(100);
                fixture.pipeline.submitValidated(events).toCompletableFuture().join();
                acknowledged.addAll(PipelineFixture.ids(events));
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> store.inFlight.get() == 3);
            assertThat(fixture.pipeline.areWorkersAlive()).isTrue();
            assertThat(fixture.pipeline.undeliveredEvents()).isEqualTo(1000);

            // the workers finish out of order; whatever they take next returns at once
            store.open();

            await().atMost(Duration.ofSeconds(30)).until(() -> fixture.pipeline.undeliveredEvents() == 0);
            assertThat(store.mostInFlight.get()).as("batches sent at once").isEqualTo(3);
            assertThat(new ArrayList<>(store.stored))
                    .as("every acknowledged event stored exactly once")
                    .containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(fixture.pipeline.journalPendingEvents())
                    .as("the journal counts every batch delivered whatever order they finished in")
                    .isZero();
        }
        try (var files = Files.list(root.resolve("data").resolve("journal"))) {
            assertThat(files.toList())
                    .as("a fully delivered journal is deleted")
                    .isEmpty();
        }
    }

    @Test
    void aCrashWhileBatchesFinishOutOfOrderReplaysOnlyTheBatchesStillBeingSent() throws Exception {
        HeldStore store = new HeldStore();
        PipelineFixture fixture = new PipelineFixture(root, AckMode.DURABLE, 10_000, 1 << 20, 2, store);
        try {
            fixture.pipeline.start();
            for (int i = 0; i < 4; i++) {
                fixture.pipeline
                        .submitValidated(fixture.events(100))
                        .toCompletableFuture()
                        .join();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> store.inFlight.get() == 2);
            // the second batch finishes first; a worker takes the third, which finishes too; the first stays in flight
            store.releaseBatch(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.entered.size() == 3);
            store.releaseBatch(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> store.entered.size() == 4);
            // 400 journaled, the 200 of the two finished batches released
            await().atMost(Duration.ofSeconds(30)).until(() -> fixture.pipeline.journalPendingEvents() == 200);

            // the process dies here: a new journal on the same folder recovers what no store holds
            List<String> recovered = new EventJournal(
                            fixture.settings.journalDir(), 1 << 20, PipelineFixture.DECODER, new SimpleMeterRegistry())
                    .recover().stream()
                            .map(RecoveredEvent::event)
                            .map(GitHubEvent::getIngestId)
                            .toList();

            List<String> inFlight = new ArrayList<>(store.entered.get(0));
            inFlight.addAll(store.entered.get(3));
            assertThat(recovered)
                    .as("exactly the two batches being sent (the bound: one per worker)")
                    .containsExactlyInAnyOrderElementsOf(inFlight);
        } finally {
            store.open();
            fixture.close();
        }
    }
}

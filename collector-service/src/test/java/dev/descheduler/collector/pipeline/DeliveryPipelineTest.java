package dev.descheduler.collector.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.descheduler.collector.config.CollectorProperties.AckMode;
import dev.descheduler.events.avro.GitHubEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's failure paths on a real journal and real fallback folder. */
class DeliveryPipelineTest {

    @TempDir
    Path root;

    @Test
    void aJournalThatCannotWriteRefusesTheRequestAndGivesItsQueueSlotsBack() throws Exception {
        // a queue of 50 events and segments so small that every append opens a new one
        try (PipelineFixture fixture = new PipelineFixture(root, AckMode.DURABLE, 50, 256)) {
            fixture.pipeline.start();
            fixture.pipeline
                    .submitValidated(fixture.events(10))
                    .toCompletableFuture()
                    .join();
            Path journalDir = fixture.settings.journalDir();
            Path moved = root.resolve("journal-moved");
            Files.move(journalDir, moved);
            // a plain file where the folder was: no new segment can be created, whoever runs the test (root too)
            Files.writeString(journalDir, "not a folder");

            // many more refused events than the queue holds: a leak would use the queue up
            for (int i = 0; i < 10; i++) {
                var refused =
                        fixture.pipeline.submitValidated(fixture.events(40)).toCompletableFuture();
                assertThatThrownBy(refused::join)
                        .isInstanceOf(CompletionException.class)
                        .cause()
                        .isInstanceOf(EventStoreException.class)
                        .hasMessageContaining("the journal cannot write")
                        .hasMessageContaining("segment-000000000002.journal")
                        .satisfies(e ->
                                assertThat(((EventStoreException) e).reason()).isEqualTo("journal_unavailable"));
            }
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(fixture.pipeline.queuePressurePercent())
                            .as("no queue slot is held by a refused request")
                            .isZero());

            Files.delete(journalDir);
            Files.move(moved, journalDir);
            List<ValidatedEvent> accepted = fixture.events(50);
            fixture.pipeline.submitValidated(accepted).toCompletableFuture().join();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fixture.idsInFallback())
                    .containsAll(PipelineFixture.ids(accepted)));
        }
    }

    @Test
    void countsAcknowledgedEventsAsUndeliveredUntilAStoreHoldsThemNotOnlyWhileQueued() throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(root, AckMode.MEMORY, 1000, 1 << 20)) {
            fixture.pipeline.start();
            List<ValidatedEvent> accepted = fixture.events(30);
            fixture.pipeline.submitValidated(accepted).toCompletableFuture().join();

            // a drain check that waits for zero must find every acknowledged event stored
            await().atMost(Duration.ofSeconds(30)).until(() -> fixture.pipeline.undeliveredEvents() == 0);
            assertThat(fixture.idsInFallback()).containsAll(PipelineFixture.ids(accepted));
        }
    }

    @Test
    void aBatchWithAnEventThatCannotBeEncodedStillDeliversTheOthersAndKeepsThatOne() throws Exception {
        try (PipelineFixture fixture = new PipelineFixture(root, AckMode.MEMORY, 1000, 1 << 20)) {
            fixture.pipeline.start();
            List<GitHubEvent> events = new ArrayList<>();
            fixture.events(5).forEach(e -> events.add(e.event()));
            GitHubEvent broken = fixture.events(1).get(0).event();
            // a required field left empty, as a bug in a caller that builds events itself would leave it
            broken.setType(null);
            events.add(2, broken);

            fixture.pipeline.submit(events).toCompletableFuture().join();

            List<String> good = events.stream()
                    .filter(e -> e != broken)
                    .map(GitHubEvent::getIngestId)
                    .toList();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(fixture.idsInFallback()).containsExactlyInAnyOrderElementsOf(good));
            Path unencodable = fixture.settings.fallback().dir().resolve("unencodable");
            try (Stream<Path> files = Files.list(unencodable)) {
                List<Path> kept = files.toList();
                assertThat(kept).hasSize(1);
                assertThat(Files.readString(kept.get(0))).contains(broken.getIngestId());
            }
            assertThat(fixture.registry.get("serialization_errors").counter().count())
                    .isEqualTo(1);
        }
    }
}

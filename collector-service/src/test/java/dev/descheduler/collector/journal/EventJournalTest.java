package dev.descheduler.collector.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.JsonLimits;
import dev.descheduler.events.avro.GitHubEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on a real folder: what recovery gives back after a crash is exactly what was never delivered. */
class EventJournalTest {

    private static final EventJsonDecoder DECODER = new EventJsonDecoder(JsonLimits.defaults());
    private static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00.123Z");

    @TempDir
    Path dir;

    private EventJournal journal(long segmentBytes) {
        return new EventJournal(dir, segmentBytes, DECODER, new SimpleMeterRegistry());
    }

    private static String json(int n) {
        return "{\"id\":\"" + n + "\",\"type\":\"WatchEvent\",\"actor\":{\"id\":" + n + ",\"login\":\"u" + n
                + "\"},\"repo\":{\"id\":7,\"name\":\"a/b\"},\"payload\":{\"action\":\"started\"},"
                + "\"created_at\":\"2015-01-01T00:00:00Z\"}";
    }

    private static ByteBuffer[] records(int from, int count) {
        ByteBuffer[] records = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            byte[] body = ("  " + json(from + i) + "\n").getBytes(StandardCharsets.UTF_8);
            records[i] = JournalRecord.json("ingest-" + (from + i), RECEIVED, body, 2, body.length - 3);
        }
        return records;
    }

    /** Appends requests of {@code perRequest} events; returns the position of each event, in order. */
    private static List<JournalPosition> append(EventJournal journal, int requests, int perRequest) throws Exception {
        List<JournalPosition> positions = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            JournalPosition first =
                    journal.append(records(r * perRequest, perRequest)).get();
            for (int i = 0; i < perRequest; i++) {
                positions.add(first.plus(i));
            }
        }
        return positions;
    }

    private static void deliver(EventJournal journal, List<JournalPosition> positions) {
        // as the pipeline does: one call per segment, indexes sorted
        positions.stream()
                .collect(java.util.stream.Collectors.groupingBy(JournalPosition::segment))
                .forEach((segment, inSegment) -> {
                    int[] indexes = inSegment.stream()
                            .mapToInt(JournalPosition::index)
                            .sorted()
                            .toArray();
                    journal.delivered(segment, indexes, indexes.length);
                });
    }

    @Test
    void recoveryAfterACrashReturnsOnlyTheEventsNoStoreTook() throws Exception {
        EventJournal crashed = journal(4096);
        crashed.start();
        List<JournalPosition> positions = append(crashed, 30, 10);
        assertThat(positions.stream().map(JournalPosition::segment).distinct())
                .as("small segments: the events span several")
                .hasSizeGreaterThan(3);
        // delivered: everything but events 100..109 (a whole request) and 215, out of order as batches finish
        List<JournalPosition> delivered = new ArrayList<>(positions);
        delivered.removeIf(p -> positions.indexOf(p) >= 100 && positions.indexOf(p) < 110);
        delivered.remove(positions.get(215));
        deliver(crashed, delivered.subList(150, delivered.size()));
        deliver(crashed, delivered.subList(0, 150));
        // no close(): the process died here

        EventJournal restarted = journal(4096);
        List<RecoveredEvent> recovered = restarted.recover();

        List<String> expected = new ArrayList<>();
        IntStream.range(100, 110).forEach(i -> expected.add("ingest-" + i));
        expected.add("ingest-215");
        assertThat(recovered).extracting(r -> r.event().getIngestId()).containsExactlyElementsOf(expected);
        assertThat(restarted.pendingEvents()).isEqualTo(11);
        GitHubEvent first = recovered.get(0).event();
        assertThat(first.getReceivedAt()).isEqualTo(RECEIVED);
        assertThat(first)
                .as("the journaled JSON decodes to the event the collector acknowledged")
                .isEqualTo(DECODER.decode(
                        json(100).getBytes(StandardCharsets.UTF_8), 0, json(100).length(), "ingest-100", RECEIVED));
        assertThat(recovered.get(0).position()).isEqualTo(positions.get(100));
    }

    @Test
    void batchesDeliveredBySeveralWorkersAtOnceInAnyOrderLeaveNothingBehind() throws Exception {
        EventJournal journal = journal(4096);
        journal.start();
        List<JournalPosition> positions = append(journal, 40, 10);
        // batches of 25 events across request and segment boundaries, delivered by four threads at once, newest first
        List<List<JournalPosition>> batches = new ArrayList<>();
        for (int i = 0; i < positions.size(); i += 25) {
            batches.add(positions.subList(i, i + 25));
        }
        java.util.Collections.reverse(batches);
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (List<JournalPosition> batch : batches.subList(0, batches.size() - 1)) {
                done.add(workers.submit(() -> deliver(journal, batch)));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            workers.shutdown();
        }
        assertThat(journal.pendingEvents()).isEqualTo(25);
        assertThat(journal(4096).recover())
                .as("after a crash now, only the batch not yet delivered comes back")
                .extracting(r -> r.position())
                .containsExactlyElementsOf(batches.get(batches.size() - 1));

        deliver(journal, batches.get(batches.size() - 1));
        journal.close();
        try (var files = Files.list(dir)) {
            assertThat(files.toList())
                    .as("a fully delivered journal is deleted")
                    .isEmpty();
        }
    }

    @Test
    void recoveredEventsOnceDeliveredLeaveNothingBehind() throws Exception {
        EventJournal crashed = journal(4096);
        crashed.start();
        List<JournalPosition> positions = append(crashed, 5, 10);
        deliver(crashed, positions.subList(0, 20));

        EventJournal restarted = journal(4096);
        List<RecoveredEvent> recovered = restarted.recover();
        restarted.start();
        assertThat(recovered).hasSize(30);
        deliver(restarted, recovered.stream().map(RecoveredEvent::position).toList());
        List<JournalPosition> fresh = append(restarted, 2, 5);
        deliver(restarted, fresh);
        restarted.close();

        try (var files = Files.list(dir)) {
            assertThat(files.toList())
                    .as("a fully delivered journal is deleted")
                    .isEmpty();
        }
        EventJournal again = journal(4096);
        assertThat(again.recover()).isEmpty();
    }

    @Test
    void aTornLastRecordEndsTheSegmentAndTheWholeRecordsBeforeItAreRecovered() throws Exception {
        EventJournal crashed = journal(1 << 20);
        crashed.start();
        append(crashed, 1, 5);
        Path segment = JournalFiles.events(dir, 1);
        // half a record: the crash hit the middle of a write that was never acknowledged
        ByteBuffer torn = records(99, 1)[0];
        Files.write(segment, java.util.Arrays.copyOf(torn.array(), torn.remaining() / 2), StandardOpenOption.APPEND);

        assertThat(journal(1 << 20).recover())
                .extracting(r -> r.event().getIngestId())
                .containsExactly("ingest-0", "ingest-1", "ingest-2", "ingest-3", "ingest-4");
    }

    @Test
    void anAppendThatCannotBeWrittenFailsAndTheJournalWritesAgainOnceTheFolderIsBack() throws Exception {
        EventJournal journal = journal(512);
        journal.start();
        append(journal, 1, 5);
        Path moved = dir.resolveSibling(dir.getFileName() + "-moved");
        Files.move(dir, moved);
        // a plain file where the folder was: the next segment cannot be created, whoever runs the test (root too)
        Files.writeString(dir, "not a folder");

        assertThatThrownBy(() -> journal.append(records(5, 5)).get())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .hasMessageContaining("cannot open journal segment");

        Files.delete(dir);
        Files.move(moved, dir);
        JournalPosition position = journal.append(records(10, 5)).get();
        assertThat(position.segment()).isEqualTo(2);
        journal.close();
    }

    @Test
    void eventsWithoutJsonOfTheirOwnAreJournaledAsAvro() throws Exception {
        GitHubEvent event =
                DECODER.decode(json(1).getBytes(StandardCharsets.UTF_8), 0, json(1).length(), "ingest-avro", RECEIVED);
        ByteBuffer record = JournalRecord.avro(event);
        ByteBuffer body = record.slice(JournalRecord.HEADER_BYTES, record.remaining() - JournalRecord.HEADER_BYTES);

        assertThat(JournalRecord.decode(body, DECODER)).isEqualTo(event);
    }
}

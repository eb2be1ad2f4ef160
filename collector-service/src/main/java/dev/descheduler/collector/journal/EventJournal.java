package dev.descheduler.collector.journal;

import dev.descheduler.events.EventJsonDecoder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-ahead journal of acknowledged events for the durable ack mode. One writer thread commits every append that
 * arrived while the previous fsync ran in one write and one fsync (group commit), so throughput does not pay one disk
 * flush per event. Delivery is tracked per event ({@link #delivered}): after a crash {@link #recover} returns only
 * the events that no store (Kafka, landing zone, local disk) took, so a restart re-sends at most the batches whose
 * delivery was in flight at the crash.
 */
public final class EventJournal implements AutoCloseable {

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    private static final Logger log = LoggerFactory.getLogger(EventJournal.class);
    private static final int MAX_GROUP = 4096;

    private final Path dir;
    private final long segmentBytes;
    private final EventJsonDecoder decoder;
    private final BlockingQueue<Append> appends = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<Long, JournalSegment> segments = new ConcurrentHashMap<>();
    private final AtomicLong pendingEvents = new AtomicLong();
    private final Timer fsyncTimer;
    private final Thread writer;
    private volatile boolean closed;
    private JournalSegment current;

    public EventJournal(Path dir, long segmentBytes, EventJsonDecoder decoder, MeterRegistry registry) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.decoder = decoder;
        this.fsyncTimer = Timer.builder("journal_fsync_duration_seconds")
                .description("Time of one group-commit fsync of the journal")
                .publishPercentileHistogram()
                .register(registry);
        registry.gauge("journal_pending_events", pendingEvents);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create journal folder " + dir, e);
        }
        this.writer = new Thread(this::writeLoop, "journal-writer");
    }

    /** Reads what a previous run left: the events of its segments not marked delivered, oldest first. */
    public List<RecoveredEvent> recover() {
        List<RecoveredEvent> recovered = new ArrayList<>();
        for (Path file : JournalFiles.list(dir, JournalFiles.EVENTS)) {
            long id = JournalFiles.idOf(file);
            List<ByteBuffer> records = JournalFiles.readRecords(file);
            BitSet done = JournalSegment.readDelivered(JournalFiles.delivered(dir, id));
            JournalSegment segment = JournalSegment.recovered(dir, id, records.size(), done);
            int undelivered = segment.undelivered();
            if (undelivered == 0) {
                deleteFiles(id);
                continue;
            }
            for (int i = done.nextClearBit(0); i < records.size(); i = done.nextClearBit(i + 1)) {
                recovered.add(
                        new RecoveredEvent(new JournalPosition(id, i), JournalRecord.decode(records.get(i), decoder)));
            }
            segments.put(id, segment);
            pendingEvents.addAndGet(undelivered);
            log.info(
                    "journal segment {} holds {} undelivered events of {} from the previous run",
                    id,
                    undelivered,
                    records.size());
        }
        for (Path orphan : JournalFiles.list(dir, JournalFiles.DELIVERED)) {
            if (!segments.containsKey(JournalFiles.idOf(orphan))) {
                JournalFiles.delete(orphan);
            }
        }
        return recovered;
    }

    public void start() {
        long next = 1
                + JournalFiles.list(dir, JournalFiles.EVENTS).stream()
                        .mapToLong(JournalFiles::idOf)
                        .max()
                        .orElse(0);
        current = openSegment(next);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Appends framed records ({@link JournalRecord}); completes with the position of the first once they are on disk,
     * or exceptionally when they could not be written.
     */
    public CompletableFuture<JournalPosition> append(ByteBuffer[] records) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the journal is closed"));
        }
        Append append = new Append(records, new CompletableFuture<>());
        appends.add(append);
        return append.done;
    }

    /** The events at {@code indexes} (sorted, no repeats) of segment {@code segmentId} are stored somewhere. */
    public void delivered(long segmentId, int[] indexes, int count) {
        JournalSegment segment = segments.get(segmentId);
        if (segment == null) {
            return;
        }
        pendingEvents.addAndGet(-count);
        if (segment.markDelivered(ranges(indexes, count), count)) {
            segments.remove(segmentId);
        }
    }

    /** Pairs of (first index, run length) for sorted indexes: consecutive events make one pair. */
    private static int[] ranges(int[] indexes, int count) {
        int[] ranges = new int[2 * count];
        int pairs = 0;
        for (int i = 0; i < count; i++) {
            if (pairs > 0 && ranges[2 * pairs - 2] + ranges[2 * pairs - 1] == indexes[i]) {
                ranges[2 * pairs - 1]++;
            } else {
                ranges[2 * pairs] = indexes[i];
                ranges[2 * pairs + 1] = 1;
                pairs++;
            }
        }
        return Arrays.copyOf(ranges, 2 * pairs);
    }

    public long pendingEvents() {
        return pendingEvents.get();
    }

    public boolean isWriterAlive() {
        return writer.isAlive();
    }

    private void writeLoop() {
        List<Append> group = new ArrayList<>();
        while (!closed || !appends.isEmpty()) {
            try {
                Append first = appends.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                appends.drainTo(group, MAX_GROUP);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                log.error("journal write failed; {} appends refused", group.size(), e);
                group.forEach(a -> a.done.completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Append> group) throws IOException {
        if (current.bytes >= segmentBytes) {
            JournalSegment next = openSegment(current.id + 1);
            JournalSegment sealed = current;
            current = next;
            if (sealed.seal()) {
                segments.remove(sealed.id);
            }
        }
        int records = 0;
        for (Append append : group) {
            records += append.records.length;
        }
        ByteBuffer[] all = new ByteBuffer[records];
        int at = 0;
        for (Append append : group) {
            System.arraycopy(append.records, 0, all, at, append.records.length);
            at += append.records.length;
        }
        long position = current.channel.position();
        long written = 0;
        try {
            while (hasRemaining(all)) {
                written += current.channel.write(all);
            }
            Timer.Sample sample = Timer.start();
            current.channel.force(false);
            sample.stop(fsyncTimer);
        } catch (IOException e) {
            // a record index must match its place in the file: cut a partial write off before refusing the group
            current.channel.truncate(position);
            throw e;
        }
        int index = current.nextIndex();
        current.appended(records, written);
        pendingEvents.addAndGet(records);
        for (Append append : group) {
            append.done.complete(new JournalPosition(current.id, index));
            index += append.records.length;
        }
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private JournalSegment openSegment(long id) {
        try {
            JournalSegment segment = JournalSegment.create(dir, id);
            segments.put(id, segment);
            return segment;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal segment " + JournalFiles.events(dir, id), e);
        }
    }

    private void deleteFiles(long id) {
        JournalFiles.delete(JournalFiles.events(dir, id));
        JournalFiles.delete(JournalFiles.delivered(dir, id));
    }

    /**
     * Stops the writer after the appends already taken. Undelivered events stay on disk for the next start; fully
     * delivered segments are deleted.
     */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
            if (current != null && current.seal()) {
                segments.remove(current.id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("closing journal segment {} failed", current.id, e);
        }
        segments.values().forEach(JournalSegment::closeDelivered);
    }

    private record Append(ByteBuffer[] records, CompletableFuture<JournalPosition> done) {}
}

package dev.descheduler.collector.journal;

import dev.descheduler.events.avro.GitHubEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-ahead journal of acknowledged events for the durable ack mode. One writer thread commits every append that
 * arrived while the previous fsync ran in one write and one fsync (group commit), so throughput does not pay one disk
 * flush per event. A segment is deleted once every event in it has been delivered to Kafka or to a durable fallback;
 * whatever remains after a crash is read back by {@link #recover()}.
 */
public final class EventJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventJournal.class);
    private static final long SEGMENT_BYTES = 64L << 20;
    private static final int MAX_GROUP = 4096;

    private final Path dir;
    private final BlockingQueue<Append> appends = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<Long, Segment> segments = new ConcurrentHashMap<>();
    private final AtomicLong pendingEvents = new AtomicLong();
    private final Timer fsyncTimer;
    private final Thread writer;
    private volatile boolean closed;
    private Segment current;

    public EventJournal(Path dir, MeterRegistry registry) {
        this.dir = dir;
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

    /** Reads the segments a previous run left (events not confirmed delivered) and makes them pending again. */
    public List<JournalRecords> recover() {
        List<JournalRecords> recovered = new ArrayList<>();
        for (Path file : JournalSegmentFiles.list(dir)) {
            long id = JournalSegmentFiles.idOf(file);
            List<GitHubEvent> events = JournalSegmentFiles.read(file);
            if (events.isEmpty()) {
                JournalSegmentFiles.delete(file);
                continue;
            }
            Segment segment = new Segment(id, file, null);
            segment.appended.set(events.size());
            segment.sealed = true;
            segments.put(id, segment);
            pendingEvents.addAndGet(events.size());
            recovered.add(new JournalRecords(id, events));
            log.info("journal segment {} holds {} undelivered events from the previous run", id, events.size());
        }
        return recovered;
    }

    public void start() {
        long next = segments.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
        current = openSegment(next);
        writer.setDaemon(true);
        writer.start();
    }

    /** Completes with the id of the segment that holds the events, once they are on disk. */
    public CompletableFuture<Long> append(List<GitHubEvent> events) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("journal closed"));
        }
        ByteBuffer[] records = new ByteBuffer[events.size()];
        for (int i = 0; i < records.length; i++) {
            records[i] = frame(events.get(i));
        }
        Append append = new Append(records, new CompletableFuture<>());
        appends.add(append);
        return append.done;
    }

    public void delivered(long segmentId, int count) {
        Segment segment = segments.get(segmentId);
        if (segment == null) {
            return;
        }
        pendingEvents.addAndGet(-count);
        segment.delivered.addAndGet(count);
        deleteIfDone(segment);
    }

    public long pendingEvents() {
        return pendingEvents.get();
    }

    private void writeLoop() {
        List<Append> group = new ArrayList<>();
        while (!closed || !appends.isEmpty()) {
            try {
                Append first = appends.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
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
        if (current.bytes >= SEGMENT_BYTES) {
            Segment sealed = current;
            current = openSegment(sealed.id + 1);
            sealed.channel.close();
            sealed.sealed = true;
            deleteIfDone(sealed);
        }
        int records = 0;
        List<ByteBuffer> buffers = new ArrayList<>();
        for (Append append : group) {
            records += append.records.length;
            buffers.addAll(List.of(append.records));
        }
        ByteBuffer[] all = buffers.toArray(ByteBuffer[]::new);
        long written = 0;
        while (hasRemaining(all)) {
            written += current.channel.write(all);
        }
        Timer.Sample sample = Timer.start();
        current.channel.force(false);
        sample.stop(fsyncTimer);
        current.bytes += written;
        current.appended.addAndGet(records);
        pendingEvents.addAndGet(records);
        for (Append append : group) {
            append.done.complete(current.id);
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

    private void deleteIfDone(Segment segment) {
        if (segment.sealed
                && segment.delivered.get() >= segment.appended.get()
                && segments.remove(segment.id) != null) {
            JournalSegmentFiles.delete(segment.file);
        }
    }

    private Segment openSegment(long id) {
        Path file = JournalSegmentFiles.path(dir, id);
        try {
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            Segment segment = new Segment(id, file, channel);
            segments.put(id, segment);
            return segment;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal segment " + file, e);
        }
    }

    private static ByteBuffer frame(GitHubEvent event) {
        try {
            ByteBuffer body = event.toByteBuffer();
            CRC32C crc = new CRC32C();
            crc.update(body.duplicate());
            ByteBuffer record = ByteBuffer.allocate(8 + body.remaining());
            record.putInt(body.remaining())
                    .putInt((int) crc.getValue())
                    .put(body)
                    .flip();
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise event " + event.getIngestId(), e);
        }
    }

    /**
     * Stops the writer after the appends already taken. Segments with undelivered events stay on disk for the next
     * start; a fully delivered current segment is deleted like any sealed one.
     */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
            if (current != null) {
                current.channel.close();
                current.sealed = true;
                deleteIfDone(current);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.warn("closing journal segment {} failed", current.id, e);
        }
    }

    private record Append(ByteBuffer[] records, CompletableFuture<Long> done) {}

    private static final class Segment {
        final long id;
        final Path file;
        final FileChannel channel;
        final AtomicLong appended = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
        volatile boolean sealed;
        long bytes;

        Segment(long id, Path file, FileChannel channel) {
            this.id = id;
            this.file = file;
            this.channel = channel;
        }
    }
}

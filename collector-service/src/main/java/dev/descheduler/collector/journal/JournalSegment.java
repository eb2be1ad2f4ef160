package dev.descheduler.collector.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One segment of the journal and what of it has been delivered. Delivery is recorded per event, as ranges of record
 * indexes appended to the segment's {@code .delivered} file, so recovery replays exactly the events no store holds.
 * Those appends are not fsynced: a process crash keeps them (they are in the page cache), and one lost to a power
 * failure only makes its batch be sent again, never lost. Once sealed and fully delivered, both files are deleted.
 */
final class JournalSegment {

    private static final Logger log = LoggerFactory.getLogger(JournalSegment.class);

    final long id;
    private final Path events;
    private final Path delivered;
    /** Open for appends while this is the current segment; null once sealed. */
    FileChannel channel;

    long bytes;
    private volatile int appended;
    private int deliveredCount;
    private boolean sealed;
    private boolean deleted;
    private FileChannel deliveredChannel;

    private JournalSegment(long id, Path dir, FileChannel channel) {
        this.id = id;
        this.events = JournalFiles.events(dir, id);
        this.delivered = JournalFiles.delivered(dir, id);
        this.channel = channel;
    }

    static JournalSegment create(Path dir, long id) throws IOException {
        FileChannel channel = FileChannel.open(
                JournalFiles.events(dir, id),
                StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new JournalSegment(id, dir, channel);
    }

    /** A segment left by an earlier run: sealed, with {@code records} events of which {@code done} were delivered. */
    static JournalSegment recovered(Path dir, long id, int records, BitSet done) {
        JournalSegment segment = new JournalSegment(id, dir, null);
        segment.appended = records;
        segment.deliveredCount = done.get(0, records).cardinality();
        segment.sealed = true;
        return segment;
    }

    /** Index the next appended record will get. Called by the journal's writer thread only. */
    int nextIndex() {
        return appended;
    }

    /** Records {@code count} more events as written and synced. Writer thread only. */
    void appended(int count, long written) {
        bytes += written;
        appended += count;
    }

    synchronized int undelivered() {
        return appended - deliveredCount;
    }

    /**
     * Marks the records in {@code ranges} (pairs of first index and count) as delivered. True when that made the
     * segment complete and it was deleted.
     */
    synchronized boolean markDelivered(int[] ranges, int events) {
        if (deleted) {
            return false;
        }
        deliveredCount += events;
        if (isComplete()) {
            delete();
            return true;
        }
        try {
            if (deliveredChannel == null) {
                deliveredChannel = FileChannel.open(
                        delivered, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            ByteBuffer record = ByteBuffer.allocate(JournalRecord.HEADER_BYTES + ranges.length * 4);
            record.position(JournalRecord.HEADER_BYTES);
            for (int value : ranges) {
                record.putInt(value);
            }
            CRC32C crc = new CRC32C();
            crc.update(record.array(), JournalRecord.HEADER_BYTES, ranges.length * 4);
            record.putInt(0, ranges.length * 4).putInt(4, (int) crc.getValue()).position(0);
            while (record.hasRemaining()) {
                deliveredChannel.write(record);
            }
        } catch (IOException e) {
            log.warn(
                    "cannot record delivery in journal segment {}; after a crash these {} events would be sent again",
                    id,
                    events,
                    e);
        }
        return false;
    }

    /** No more appends: the writer moved on to the next segment or the journal closed. True when it was deleted. */
    synchronized boolean seal() throws IOException {
        sealed = true;
        if (channel != null) {
            channel.close();
            channel = null;
        }
        if (isComplete() && !deleted) {
            delete();
            return true;
        }
        return false;
    }

    private boolean isComplete() {
        return sealed && deliveredCount >= appended;
    }

    private void delete() {
        deleted = true;
        closeDelivered();
        // the events file first: a .delivered file without its segment is only litter, cleaned at the next start
        JournalFiles.delete(events);
        JournalFiles.delete(delivered);
    }

    synchronized void closeDelivered() {
        if (deliveredChannel != null) {
            try {
                deliveredChannel.close();
            } catch (IOException e) {
                log.warn("closing the delivery file of journal segment {} failed", id, e);
            }
            deliveredChannel = null;
        }
    }

    /** The delivered indexes recorded in a {@code .delivered} file. */
    static BitSet readDelivered(Path file) {
        BitSet done = new BitSet();
        if (!java.nio.file.Files.exists(file)) {
            return done;
        }
        for (ByteBuffer body : JournalFiles.readRecords(file)) {
            while (body.remaining() >= 8) {
                int first = body.getInt();
                int count = body.getInt();
                done.set(first, first + count);
            }
        }
        return done;
    }
}

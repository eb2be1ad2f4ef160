package dev.descheduler.collector.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's files: {@code segment-N.journal} holds event records, {@code segment-N.delivered} the indexes of
 * those records that have since been stored in Kafka or a fallback. Both are sequences of framed records (length,
 * CRC-32C, body).
 */
final class JournalFiles {

    private static final Logger log = LoggerFactory.getLogger(JournalFiles.class);
    private static final String PREFIX = "segment-";
    static final String EVENTS = ".journal";
    static final String DELIVERED = ".delivered";

    private JournalFiles() {}

    static Path events(Path dir, long id) {
        return dir.resolve(String.format("%s%012d%s", PREFIX, id, EVENTS));
    }

    static Path delivered(Path dir, long id) {
        return dir.resolve(String.format("%s%012d%s", PREFIX, id, DELIVERED));
    }

    static long idOf(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.lastIndexOf('.')));
    }

    /** Files of one kind ({@link #EVENTS} or {@link #DELIVERED}), oldest segment first. */
    static List<Path> list(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(PREFIX) && name.endsWith(suffix);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list journal folder " + dir, e);
        }
    }

    /**
     * The bodies of every whole record of the file. A torn or corrupt tail (a crash in the middle of a write that was
     * never acknowledged) ends the read; the records before it are all returned.
     */
    static List<ByteBuffer> readRecords(Path file) {
        List<ByteBuffer> bodies = new ArrayList<>();
        ByteBuffer data;
        try {
            data = ByteBuffer.wrap(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal file " + file, e);
        }
        while (data.remaining() >= JournalRecord.HEADER_BYTES) {
            int start = data.position();
            int length = data.getInt();
            int expectedCrc = data.getInt();
            if (length <= 0 || length > data.remaining()) {
                log.warn("journal file {} ends with a torn record at byte {}", file, start);
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(data.array(), data.position(), length);
            if ((int) crc.getValue() != expectedCrc) {
                log.warn("journal file {} has a corrupt record at byte {}; the rest is ignored", file, start);
                break;
            }
            bodies.add(data.slice(data.position(), length));
            data.position(data.position() + length);
        }
        return bodies;
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete journal file {}", file, e);
        }
    }
}

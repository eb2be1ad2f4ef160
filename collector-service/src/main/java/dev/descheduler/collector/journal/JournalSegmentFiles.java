package dev.descheduler.collector.journal;

import dev.descheduler.events.avro.GitHubEvent;
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

/** Naming and reading of journal segment files: records framed as length, CRC-32C, Avro single-object bytes. */
final class JournalSegmentFiles {

    private static final Logger log = LoggerFactory.getLogger(JournalSegmentFiles.class);
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".journal";

    private JournalSegmentFiles() {}

    static Path path(Path dir, long id) {
        return dir.resolve(String.format("%s%012d%s", PREFIX, id, SUFFIX));
    }

    static long idOf(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list journal folder " + dir, e);
        }
    }

    /**
     * Every whole record of the segment. A torn or corrupt tail (a crash in the middle of a write that was never
     * acknowledged) ends the read; the acknowledged records before it are all returned.
     */
    static List<GitHubEvent> read(Path file) {
        List<GitHubEvent> events = new ArrayList<>();
        try {
            ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file));
            while (data.remaining() >= 8) {
                int length = data.getInt();
                int expectedCrc = data.getInt();
                if (length <= 0 || length > data.remaining()) {
                    log.warn("journal segment {} ends with a torn record at byte {}", file, data.position() - 8);
                    break;
                }
                ByteBuffer body = data.slice(data.position(), length);
                CRC32C crc = new CRC32C();
                crc.update(body.duplicate());
                if ((int) crc.getValue() != expectedCrc) {
                    log.warn("journal segment {} has a corrupt record at byte {}", file, data.position() - 8);
                    break;
                }
                events.add(GitHubEvent.fromByteBuffer(body));
                data.position(data.position() + length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal segment " + file, e);
        }
        return events;
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete delivered journal segment {}", file, e);
        }
    }
}

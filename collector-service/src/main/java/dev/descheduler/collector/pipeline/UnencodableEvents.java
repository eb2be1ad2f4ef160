package dev.descheduler.collector.pipeline;

import dev.descheduler.events.EventBatchCodec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events of a batch that cannot be encoded as Avro (a bug upstream left a required field empty). They were
 * acknowledged, so they are kept, as Avro's JSON rendering with the error, under {@code unencodable/} of the fallback
 * folder for a human to repair; the batch's other events go on as usual.
 */
final class UnencodableEvents {

    private static final Logger log = LoggerFactory.getLogger(UnencodableEvents.class);

    private final Path dir;

    UnencodableEvents(Path fallbackDir) {
        this.dir = fallbackDir.resolve("unencodable");
    }

    /** Splits a batch that failed to encode into the events that encode alone and those that do not. */
    static List<List<PendingEvent>> split(List<PendingEvent> batch) {
        List<PendingEvent> good = new ArrayList<>();
        List<PendingEvent> bad = new ArrayList<>();
        for (PendingEvent pending : batch) {
            try {
                EventBatchCodec.encode(List.of(pending.event()));
                good.add(pending);
            } catch (RuntimeException e) {
                bad.add(pending);
            }
        }
        return List.of(good, bad);
    }

    Path dir() {
        return dir;
    }

    void write(String batchId, List<PendingEvent> events, RuntimeException cause) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("# ").append(cause).append('\n');
        for (PendingEvent pending : events) {
            text.append(pending.event()).append('\n');
        }
        Files.createDirectories(dir);
        Path file = dir.resolve(batchId + ".json");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        log.error(
                "{} events of batch {} cannot be encoded ({}); kept in {}: {}",
                events.size(),
                batchId,
                cause.toString(),
                file,
                events.stream().map(p -> p.event().getIngestId()).toList());
    }
}

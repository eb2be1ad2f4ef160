package dev.descheduler.collector.publish;

import dev.descheduler.collector.batch.EncodedBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a batch goes that Kafka refused for good (too large for the topic, not authorised, ...): the landing zone's
 * {@code dead_letter/} prefix, else a local folder, each copy with the reason. The replayer never reads them, so they
 * block nothing; {@code pipeline-cli dead-letters} lists and republishes them once the cause is fixed.
 */
public final class DeadLetterStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterStore.class);
    /** Local copies keep the reason next to the batch: {@code <batch id>.avro} and {@code <batch id>.reason}. */
    public static final String REASON_SUFFIX = ".reason";

    private final LandingZoneStore landingZone;
    private final LocalFallbackStore localDir;
    private final Counter toLandingZone;
    private final Counter toLocalDisk;

    /** @param landingZone the dead-letter prefix of the landing zone, null when the landing zone is disabled */
    public DeadLetterStore(LandingZoneStore landingZone, LocalFallbackStore localDir, MeterRegistry registry) {
        this.landingZone = landingZone;
        this.localDir = localDir;
        this.toLandingZone = counter(registry, "landing_zone");
        this.toLocalDisk = counter(registry, "local_disk");
    }

    private static Counter counter(MeterRegistry registry, String target) {
        return Counter.builder("kafka_dead_letter_batches")
                .tag("target", target)
                .description("Batches Kafka refused for good, stored with the reason in a dead-letter place")
                .register(registry);
    }

    /** Stores the batch with its reason and returns where; throws only when neither place took it. */
    public String store(EncodedBatch batch, String reason) throws IOException {
        RuntimeException landingZoneFailure = null;
        if (landingZone != null) {
            try {
                String key = landingZone.put(batch, reason);
                toLandingZone.increment();
                log.warn("{} refused by Kafka for good, dead-lettered as {}: {}", batch, key, reason);
                return key;
            } catch (RuntimeException e) {
                landingZoneFailure = e;
                log.warn("{} could not be dead-lettered in the landing zone: {}", batch, e.toString());
            }
        }
        try {
            Files.writeString(localDir.dir().resolve(batch.batchId() + REASON_SUFFIX), reason, StandardCharsets.UTF_8);
            Path file = localDir.write(batch.batchId(), batch.avroFile());
            toLocalDisk.increment();
            log.warn("{} refused by Kafka for good, dead-lettered as {}: {}", batch, file, reason);
            return file.toString();
        } catch (IOException | RuntimeException e) {
            if (landingZoneFailure != null) {
                e.addSuppressed(landingZoneFailure);
            }
            throw new IOException(batch + " could not be dead-lettered in the landing zone or in " + localDir.dir(), e);
        }
    }

    @Override
    public void close() {
        if (landingZone != null) {
            landingZone.close();
        }
    }
}

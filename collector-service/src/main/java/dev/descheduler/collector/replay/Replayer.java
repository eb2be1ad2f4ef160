package dev.descheduler.collector.replay;

import dev.descheduler.collector.batch.EncodedBatch;
import dev.descheduler.collector.publish.BatchDelivery;
import dev.descheduler.collector.publish.KafkaBatchPublisher;
import dev.descheduler.collector.publish.KafkaState;
import dev.descheduler.collector.publish.LandingZoneStore;
import dev.descheduler.collector.publish.LocalFallbackStore;
import dev.descheduler.collector.spill.SpillStore;
import dev.descheduler.events.EventBatchCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings spilled and fallback batches to Kafka once it is reachable: the spill folder, the local fallback folder and
 * the S3 landing zone, in that order. A batch is deleted only after Kafka acknowledged it or, when Kafka refused it for
 * good, after it went to the dead-letter place; at worst it is sent twice (crash between the acknowledgement and the
 * delete), never lost. A refused batch does not stop the round: the ones after it are replayed.
 */
public final class Replayer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replayer.class);
    private static final int LANDING_ZONE_PAGE = 100;

    private final KafkaBatchPublisher kafka;
    private final KafkaState kafkaState;
    private final BatchDelivery delivery;
    private final SpillStore spill;
    private final LocalFallbackStore localFallback;
    private final LandingZoneStore landingZone;
    private final Duration interval;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "replayer"));
    private final Counter fromSpill;
    private final Counter fromLocal;
    private final Counter fromLandingZone;
    private volatile long landingZonePending;
    private volatile java.util.concurrent.ScheduledFuture<?> rounds;

    public Replayer(
            KafkaBatchPublisher kafka,
            KafkaState kafkaState,
            BatchDelivery delivery,
            SpillStore spill,
            LocalFallbackStore localFallback,
            LandingZoneStore landingZone,
            Duration interval,
            MeterRegistry registry) {
        this.kafka = kafka;
        this.kafkaState = kafkaState;
        this.delivery = delivery;
        this.spill = spill;
        this.localFallback = localFallback;
        this.landingZone = landingZone;
        this.interval = interval;
        this.fromSpill = replayed(registry, "spill");
        this.fromLocal = replayed(registry, "local_disk");
        this.fromLandingZone = replayed(registry, "landing_zone");
    }

    private static Counter replayed(MeterRegistry registry, String source) {
        return Counter.builder("replayed_batches")
                .tag("source", source)
                .description("Batches republished to Kafka from a spill or fallback store")
                .register(registry);
    }

    public void start() {
        rounds = scheduler.scheduleWithFixedDelay(this::runOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** False once its rounds stopped for good (a round threw an Error, or the thread was shut down). */
    public boolean isRunning() {
        return rounds != null && !rounds.isDone() && !scheduler.isShutdown();
    }

    /** One round; public so tests and shutdown can drive it. */
    public void runOnce() {
        try {
            if (!kafkaState.isUp()) {
                if (!kafka.isReachable()) {
                    return;
                }
                log.info("Kafka is reachable again after being down since {}", kafkaState.since());
                kafkaState.markUp();
            }
            kafka.prepareTopic();
            boolean ok =
                    replayFolder(spill.list(), fromSpill, true) && replayFolder(localFallback.list(), fromLocal, false);
            if (ok && landingZone != null) {
                replayLandingZone();
            }
        } catch (RuntimeException e) {
            log.warn("replay round failed: {}", e.toString());
        }
    }

    private boolean replayFolder(java.util.List<Path> files, Counter counter, boolean isSpill) {
        for (Path file : files) {
            EncodedBatch batch;
            try {
                batch = readBatch(LocalFallbackStore.batchIdOf(file), Files.readAllBytes(file));
            } catch (IOException e) {
                quarantine(file, e);
                continue;
            }
            BatchDelivery.ReplayOutcome outcome = delivery.replay(batch);
            if (outcome == BatchDelivery.ReplayOutcome.KAFKA_DOWN) {
                return false;
            }
            if (outcome == BatchDelivery.ReplayOutcome.KEPT) {
                continue;
            }
            try {
                if (isSpill) {
                    spill.delete(file);
                } else {
                    Files.delete(file);
                }
            } catch (IOException e) {
                log.warn("replayed {} but cannot delete {}; it may be sent again", batch, file, e);
            }
            if (outcome == BatchDelivery.ReplayOutcome.SENT) {
                counter.increment();
                log.info("replayed {} from {}", batch, file);
            }
        }
        return true;
    }

    private void replayLandingZone() {
        var keys = landingZone.list(LANDING_ZONE_PAGE);
        landingZonePending = keys.size();
        for (String key : keys) {
            EncodedBatch batch;
            try {
                batch = readBatch(LandingZoneStore.batchIdOf(key), landingZone.read(key));
            } catch (IOException e) {
                log.error("landing-zone object {} is not a readable batch; left in place", key, e);
                continue;
            }
            BatchDelivery.ReplayOutcome outcome = delivery.replay(batch);
            if (outcome == BatchDelivery.ReplayOutcome.KAFKA_DOWN) {
                return;
            }
            if (outcome == BatchDelivery.ReplayOutcome.KEPT) {
                continue;
            }
            landingZone.delete(key);
            landingZonePending--;
            if (outcome == BatchDelivery.ReplayOutcome.SENT) {
                fromLandingZone.increment();
                log.info("replayed {} from the landing zone ({})", batch, key);
            }
        }
    }

    private static EncodedBatch readBatch(String batchId, byte[] bytes) throws IOException {
        return new EncodedBatch(batchId, bytes, EventBatchCodec.decode(bytes).size());
    }

    /** A file that is not a readable batch must not block the others; it is kept aside for a human to inspect. */
    private static void quarantine(Path file, IOException cause) {
        try {
            Path corrupt = Files.createDirectories(file.resolveSibling("corrupt"));
            Files.move(file, corrupt.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            log.error("{} is not a readable batch; moved to {}", file, corrupt, cause);
        } catch (IOException e) {
            log.error("{} is not a readable batch and cannot be moved aside", file, e);
        }
    }

    public long landingZonePending() {
        return landingZonePending;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

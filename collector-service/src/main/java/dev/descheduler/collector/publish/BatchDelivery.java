package dev.descheduler.collector.publish;

import dev.descheduler.collector.batch.EncodedBatch;
import dev.descheduler.collector.config.CollectorProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a batch to durable storage: Kafka (with the retry policy) while it is up, else the S3 landing zone, else the
 * local fallback folder; a batch Kafka refused for good goes to the dead-letter place instead, without marking Kafka
 * down. It returns only once one of them holds the batch; a batch is never dropped because a timeout expired. The
 * delivery workers call it at the same time, one batch each.
 */
public final class BatchDelivery {

    public enum Target {
        KAFKA,
        LANDING_ZONE,
        LOCAL_DISK,
        /** Kafka refused the batch for good; it is in the dead-letter place with the reason. */
        DEAD_LETTER
    }

    /** What one replay attempt did with a stored batch. */
    public enum ReplayOutcome {
        /** Kafka acknowledged it: the stored copy can go. */
        SENT,
        /** Kafka refused it for good and it is now in the dead-letter place: the stored copy can go. */
        DEAD_LETTERED,
        /** Kafka refused it for good but no dead-letter place took it: keep the copy, go on with the next. */
        KEPT,
        /** Kafka did not answer (it is marked down): keep the copy and stop the round. */
        KAFKA_DOWN
    }

    private static final Logger log = LoggerFactory.getLogger(BatchDelivery.class);

    private final KafkaBatchPublisher kafka;
    private final RetryPolicy retryPolicy;
    private final KafkaState kafkaState;
    private final LandingZoneStore landingZone;
    private final LocalFallbackStore localFallback;
    private final DeadLetterStore deadLetters;
    private final StoreOutage outage;
    private final Counter sent;
    private final Counter failed;
    private final Counter bytesSent;
    private final Counter toLandingZone;
    private final Counter toLocalDisk;
    private final DistributionSummary batchSize;
    private final Timer sendDuration;
    /** Shared by the delivery workers, for one log line per change. */
    private volatile boolean landingZoneFailing;

    public BatchDelivery(
            KafkaBatchPublisher kafka,
            RetryPolicy retryPolicy,
            KafkaState kafkaState,
            LandingZoneStore landingZone,
            LocalFallbackStore localFallback,
            DeadLetterStore deadLetters,
            CollectorProperties.Fallback settings,
            MeterRegistry registry) {
        this(
                kafka,
                retryPolicy,
                kafkaState,
                landingZone,
                localFallback,
                deadLetters,
                new StoreOutage(
                        settings.retryPauseMax(),
                        settings.summaryInterval(),
                        System::nanoTime,
                        duration -> Thread.sleep(duration.toMillis()),
                        registry),
                registry);
    }

    BatchDelivery(
            KafkaBatchPublisher kafka,
            RetryPolicy retryPolicy,
            KafkaState kafkaState,
            LandingZoneStore landingZone,
            LocalFallbackStore localFallback,
            DeadLetterStore deadLetters,
            StoreOutage outage,
            MeterRegistry registry) {
        this.kafka = kafka;
        this.retryPolicy = retryPolicy;
        this.kafkaState = kafkaState;
        this.landingZone = landingZone;
        this.localFallback = localFallback;
        this.deadLetters = deadLetters;
        this.outage = outage;
        this.sent = Counter.builder("kafka_batches_sent")
                .description("Batches acknowledged by Kafka")
                .register(registry);
        this.failed = Counter.builder("kafka_batches_failed")
                .description("Batches Kafka did not take after every retry")
                .register(registry);
        this.bytesSent = Counter.builder("kafka_sent")
                .baseUnit("bytes")
                .description("Bytes of Avro batches acknowledged by Kafka")
                .register(registry);
        this.toLandingZone = Counter.builder("kafka_fallback_batches")
                .tag("target", "landing_zone")
                .description("Batches written to a fallback because Kafka was down")
                .register(registry);
        this.toLocalDisk = Counter.builder("kafka_fallback_batches")
                .tag("target", "local_disk")
                .description("Batches written to a fallback because Kafka was down")
                .register(registry);
        this.batchSize = DistributionSummary.builder("kafka_batch_size")
                .description("Events per batch sent to Kafka")
                .register(registry);
        this.sendDuration = Timer.builder("kafka_send_duration_seconds")
                .description("Time from sending a batch to Kafka's acknowledgement, retries included")
                .publishPercentileHistogram()
                .register(registry);
    }

    /**
     * Tries until some store holds the batch or {@code giveUp} says the process must stop trying; a returned batch is
     * stored durably (Kafka, landing zone, local disk or dead letter). Throws only when it is stored nowhere.
     */
    public Target publishOrFallback(EncodedBatch batch, BooleanSupplier giveUp) throws InterruptedException {
        String refusal = null;
        while (true) {
            if (refusal == null && kafkaState.isUp()) {
                Optional<String> refused = tryKafka(batch);
                if (refused == null) {
                    outage.stored(batch, "Kafka");
                    return Target.KAFKA;
                }
                refusal = refused.orElse(null);
            }
            Exception lastFailure;
            try {
                Target target = refusal != null ? deadLetter(batch, refusal) : fallback(batch);
                outage.stored(batch, target.name());
                return target;
            } catch (IOException | RuntimeException e) {
                lastFailure = e;
            }
            if (giveUp.getAsBoolean()) {
                throw new IllegalStateException(
                        batch + " could not be stored anywhere before the deadline", lastFailure);
            }
            outage.failed(
                    batch,
                    refusal != null
                            ? "a dead-letter place (landing zone, local disk)"
                            : "Kafka, the landing zone or the local disk",
                    lastFailure);
        }
    }

    /**
     * One attempt without retries, for the replayer (its rounds are the retries): a batch Kafka refuses for good is
     * dead-lettered here, so the replayer moves past it instead of retrying it forever.
     */
    public ReplayOutcome replay(EncodedBatch batch) {
        Timer.Sample sample = Timer.start();
        try {
            kafka.publish(batch);
            sample.stop(sendDuration);
            recordSent(batch);
            return ReplayOutcome.SENT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReplayOutcome.KAFKA_DOWN;
        } catch (Exception e) {
            Optional<String> permanent = RetryPolicy.permanentReason(e);
            if (permanent.isEmpty()) {
                kafkaState.markDown(e);
                return ReplayOutcome.KAFKA_DOWN;
            }
            try {
                deadLetters.store(batch, permanent.get());
                return ReplayOutcome.DEAD_LETTERED;
            } catch (IOException stored) {
                log.error("{} is refused by Kafka for good and no dead-letter place takes it; kept", batch, stored);
                return ReplayOutcome.KEPT;
            }
        }
    }

    /** Null when Kafka acknowledged the batch; else the permanent refusal, or empty when Kafka is down. */
    private Optional<String> tryKafka(EncodedBatch batch) throws InterruptedException {
        Timer.Sample sample = Timer.start();
        try {
            retryPolicy.call(batch.toString(), () -> {
                kafka.publish(batch);
                return null;
            });
            sample.stop(sendDuration);
            recordSent(batch);
            return null;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            Optional<String> permanent = RetryPolicy.permanentReason(e);
            if (permanent.isPresent()) {
                // this batch, not Kafka, is the problem: the batches after it still go to Kafka
                return permanent;
            }
            failed.increment();
            kafkaState.markDown(e);
            log.warn("Kafka marked down after {} failed: {}", batch, RetryPolicy.describe(e));
            return Optional.empty();
        }
    }

    private Target deadLetter(EncodedBatch batch, String reason) throws IOException {
        deadLetters.store(batch, reason);
        return Target.DEAD_LETTER;
    }

    private Target fallback(EncodedBatch batch) throws IOException {
        if (landingZone != null) {
            try {
                String key = landingZone.put(batch);
                toLandingZone.increment();
                if (landingZoneFailing) {
                    landingZoneFailing = false;
                    log.info("the landing zone takes batches again");
                }
                log.info("{} written to the landing zone as {}", batch, key);
                return Target.LANDING_ZONE;
            } catch (RuntimeException e) {
                if (!landingZoneFailing) {
                    landingZoneFailing = true;
                    log.warn(
                            "the landing zone refuses batches, using the local disk until it is back: {}",
                            e.toString());
                }
            }
        }
        localFallback.write(batch.batchId(), batch.avroFile());
        toLocalDisk.increment();
        log.warn("{} written to the local fallback folder {}", batch, localFallback.dir());
        return Target.LOCAL_DISK;
    }

    private void recordSent(EncodedBatch batch) {
        sent.increment();
        bytesSent.increment(batch.avroFile().length);
        batchSize.record(batch.eventCount());
    }
}

package dev.descheduler.collector.publish;

import dev.descheduler.collector.batch.EncodedBatch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a batch to durable storage: Kafka (with the retry policy) while it is up, else the S3 landing zone, else the
 * local fallback folder. It returns only once one of them holds the batch; a batch is never dropped because a timeout
 * expired.
 */
public final class BatchDelivery {

    public enum Target {
        KAFKA,
        LANDING_ZONE,
        LOCAL_DISK
    }

    private static final Logger log = LoggerFactory.getLogger(BatchDelivery.class);
    private static final Duration ALL_FAILED_PAUSE = Duration.ofSeconds(1);

    private final KafkaBatchPublisher kafka;
    private final RetryPolicy retryPolicy;
    private final KafkaState kafkaState;
    private final LandingZoneStore landingZone;
    private final LocalFallbackStore localFallback;
    private final Counter sent;
    private final Counter failed;
    private final Counter bytesSent;
    private final Counter toLandingZone;
    private final Counter toLocalDisk;
    private final DistributionSummary batchSize;
    private final Timer sendDuration;

    public BatchDelivery(
            KafkaBatchPublisher kafka,
            RetryPolicy retryPolicy,
            KafkaState kafkaState,
            LandingZoneStore landingZone,
            LocalFallbackStore localFallback,
            MeterRegistry registry) {
        this.kafka = kafka;
        this.retryPolicy = retryPolicy;
        this.kafkaState = kafkaState;
        this.landingZone = landingZone;
        this.localFallback = localFallback;
        this.sent = Counter.builder("kafka_batches_sent")
                .description("Batches acknowledged by Kafka")
                .register(registry);
        this.failed = Counter.builder("kafka_batches_failed")
                .description("Batches Kafka did not take after every retry")
                .register(registry);
        this.bytesSent = Counter.builder("kafka_bytes_sent")
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

    /** Tries until some store holds the batch or {@code giveUp} says the process must stop trying. */
    public Target publishOrFallback(EncodedBatch batch, BooleanSupplier giveUp) throws InterruptedException {
        while (true) {
            if (kafkaState.isUp() && tryKafka(batch)) {
                return Target.KAFKA;
            }
            if (landingZone != null) {
                try {
                    String key = landingZone.put(batch);
                    toLandingZone.increment();
                    log.info("{} written to the landing zone as {}", batch, key);
                    return Target.LANDING_ZONE;
                } catch (RuntimeException e) {
                    log.warn("{} could not go to the landing zone: {}", batch, e.toString());
                }
            }
            try {
                localFallback.write(batch.batchId(), batch.avroFile());
                toLocalDisk.increment();
                log.warn("{} written to the local fallback folder {}", batch, localFallback.dir());
                return Target.LOCAL_DISK;
            } catch (java.io.IOException | RuntimeException e) {
                log.error("{} could not be stored anywhere; trying again", batch, e);
            }
            if (giveUp.getAsBoolean()) {
                throw new IllegalStateException(batch + " could not be stored in Kafka, S3 or on local disk");
            }
            Thread.sleep(ALL_FAILED_PAUSE.toMillis());
        }
    }

    /** One attempt without retries, for the replayer: true when Kafka acknowledged the batch. */
    public boolean sendOnce(EncodedBatch batch) {
        try {
            Timer.Sample sample = Timer.start();
            kafka.publish(batch);
            sample.stop(sendDuration);
            recordSent(batch);
            return true;
        } catch (Exception e) {
            kafkaState.markDown(e);
            return false;
        }
    }

    private boolean tryKafka(EncodedBatch batch) throws InterruptedException {
        Timer.Sample sample = Timer.start();
        try {
            retryPolicy.call(batch.toString(), () -> {
                kafka.publish(batch);
                return null;
            });
            sample.stop(sendDuration);
            recordSent(batch);
            return true;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            failed.increment();
            kafkaState.markDown(e);
            log.warn("Kafka marked down after {} failed: {}", batch, e.toString());
            return false;
        }
    }

    private void recordSent(EncodedBatch batch) {
        sent.increment();
        bytesSent.increment(batch.avroFile().length);
        batchSize.record(batch.eventCount());
    }
}

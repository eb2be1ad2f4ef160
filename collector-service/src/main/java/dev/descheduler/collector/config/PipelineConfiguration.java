package dev.descheduler.collector.config;

import dev.descheduler.collector.journal.EventJournal;
import dev.descheduler.collector.pipeline.DeliveryPipeline;
import dev.descheduler.collector.publish.BatchDelivery;
import dev.descheduler.collector.publish.DeadLetterStore;
import dev.descheduler.collector.publish.KafkaBatchPublisher;
import dev.descheduler.collector.publish.KafkaState;
import dev.descheduler.collector.publish.LandingZoneStore;
import dev.descheduler.collector.publish.LocalFallbackStore;
import dev.descheduler.collector.publish.RetryPolicy;
import dev.descheduler.collector.replay.Replayer;
import dev.descheduler.collector.spill.SpillStore;
import dev.descheduler.events.EventJsonDecoder;
import dev.descheduler.events.JsonLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the delivery path from the typed settings. */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

    @Bean
    EventJsonDecoder eventJsonDecoder(CollectorProperties settings) {
        CollectorProperties.Ingest ingest = settings.ingest();
        return new EventJsonDecoder(
                new JsonLimits(ingest.maxNestingDepth(), ingest.maxStringLength(), ingest.maxEventBytes()));
    }

    @Bean(destroyMethod = "close")
    LandingZoneStore landingZoneStore(CollectorProperties settings) {
        return settings.landingZone().enabled()
                ? new LandingZoneStore(settings.landingZone(), Clock.systemUTC())
                : null;
    }

    @Bean
    LocalFallbackStore localFallbackStore(CollectorProperties settings) {
        return new LocalFallbackStore(settings.fallback().dir());
    }

    @Bean(destroyMethod = "close")
    DeadLetterStore deadLetterStore(CollectorProperties settings, MeterRegistry registry) {
        LandingZoneStore deadLetterZone = settings.landingZone().enabled()
                ? new LandingZoneStore(settings.landingZone(), LandingZoneStore.DEAD_LETTER_PREFIX, Clock.systemUTC())
                : null;
        return new DeadLetterStore(deadLetterZone, new LocalFallbackStore(settings.deadLetterDir()), registry);
    }

    @Bean
    SpillStore spillStore(CollectorProperties settings, MeterRegistry registry) {
        return new SpillStore(settings.spillDir(), settings.spill().maxBytes(), registry);
    }

    @Bean
    BatchDelivery batchDelivery(
            CollectorProperties settings,
            KafkaBatchPublisher kafka,
            KafkaState kafkaState,
            ObjectProvider<LandingZoneStore> landingZone,
            LocalFallbackStore localFallback,
            DeadLetterStore deadLetters,
            MeterRegistry registry) {
        Counter retries = Counter.builder("kafka_retry_count")
                .description("Retries of Kafka sends")
                .register(registry);
        RetryPolicy policy = new RetryPolicy(settings.kafka(), retries::increment);
        return new BatchDelivery(
                kafka,
                policy,
                kafkaState,
                landingZone.getIfAvailable(),
                localFallback,
                deadLetters,
                settings.fallback(),
                registry);
    }

    @Bean
    DeliveryPipeline deliveryPipeline(
            CollectorProperties settings,
            SpillStore spill,
            BatchDelivery delivery,
            LocalFallbackStore localFallback,
            EventJsonDecoder decoder,
            MeterRegistry registry) {
        EventJournal journal = settings.ackMode() == CollectorProperties.AckMode.DURABLE
                ? new EventJournal(settings.journalDir(), EventJournal.DEFAULT_SEGMENT_BYTES, decoder, registry)
                : null;
        return new DeliveryPipeline(settings, journal, spill, delivery, localFallback, registry);
    }

    @Bean(destroyMethod = "close")
    Replayer replayer(
            CollectorProperties settings,
            KafkaBatchPublisher kafka,
            KafkaState kafkaState,
            BatchDelivery delivery,
            SpillStore spill,
            LocalFallbackStore localFallback,
            ObjectProvider<LandingZoneStore> landingZone,
            MeterRegistry registry) {
        return new Replayer(
                kafka,
                kafkaState,
                delivery,
                spill,
                localFallback,
                landingZone.getIfAvailable(),
                settings.kafka().probeInterval(),
                registry);
    }

    @Bean
    PipelineLifecycle pipelineLifecycle(DeliveryPipeline pipeline, Replayer replayer) {
        return new PipelineLifecycle(pipeline, replayer);
    }

    @Bean
    PipelineDrain pipelineDrain(DeliveryPipeline pipeline) {
        return new PipelineDrain(pipeline);
    }
}

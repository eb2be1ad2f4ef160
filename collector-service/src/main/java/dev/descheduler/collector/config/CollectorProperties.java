package dev.descheduler.collector.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the collector, bound from {@code collector.*} (application.yml maps the environment variables of
 * .env.example onto these keys) and validated at start-up, so a wrong value stops the service with a clear message.
 */
@Validated
@ConfigurationProperties("collector")
public record CollectorProperties(
        @NotNull AckMode ackMode,
        @NotNull Path dataDir,
        @Valid @NotNull Ingest ingest,
        @Valid @NotNull Queue queue,
        @Valid @NotNull Batch batch,
        @Valid @NotNull Delivery delivery,
        @Valid @NotNull Kafka kafka,
        @Valid @NotNull LandingZone landingZone,
        @Valid @NotNull Fallback fallback,
        @Valid @NotNull Spill spill,
        @Valid @NotNull Shutdown shutdown) {

    public enum AckMode {
        /** 2xx only after the event's journal record is on disk (fsync): survives a kill -9. */
        DURABLE,
        /** 2xx after the in-memory enqueue: faster, loses what is queued if the process is killed. */
        MEMORY
    }

    public record Ingest(
            @Min(1024) int maxBodyBytes,
            @Min(1024) int maxDecompressedBytes,
            @Min(4) @Max(1000) int maxNestingDepth,
            @Min(1024) int maxStringLength,
            @Min(1024) int maxEventBytes,
            @NotNull List<String> apiKeys) {}

    public record Queue(@Min(1) int maxSize, @Min(1) @Max(100) int warningThreshold) {}

    public record Batch(@Min(1) int maxSize, @Min(1024) int maxBytes, @NotNull Duration maxTime) {}

    /**
     * How many batches are encoded and sent at once ({@code DELIVERY_WORKERS}): one worker waits for each Kafka
     * acknowledgement before it encodes the next batch, so a single one leaves the CPU idle during every round trip
     * and falls behind the ingest handlers. Each worker holds at most one batch, so a crash or a broker failure can
     * send at most this many batches twice. Order is not kept between workers (Silver deduplicates and orders).
     */
    public record Delivery(@Min(1) @Max(16) int workers) {}

    public record Kafka(
            @NotBlank String bootstrapServers,
            @NotBlank String topic,
            @Min(1) int topicPartitions,
            @Min(1) int retryMax,
            @DecimalMin("0.001") double retryBackoffBaseSeconds,
            @NotNull Duration requestTimeout,
            @NotNull Duration probeInterval) {

        public Duration backoff(int attempt) {
            long millis = (long) (retryBackoffBaseSeconds * 1000 * Math.pow(2, attempt - 1));
            return Duration.ofMillis(Math.min(millis, 60_000));
        }
    }

    public record LandingZone(
            boolean enabled,
            @NotBlank String endpoint,
            @NotBlank String bucket,
            @NotBlank String prefix,
            @NotNull String accessKey,
            @NotNull String secretKey,
            @NotBlank String region,
            @NotNull Duration timeout) {}

    /**
     * The local fallback folder, and how the delivery waits while no store takes batches: pauses doubling from 1 s to
     * {@code retryPauseMax}, one log summary per {@code summaryInterval}.
     */
    public record Fallback(@NotNull Path dir, @NotNull Duration retryPauseMax, @NotNull Duration summaryInterval) {

        @ConstructorBinding
        public Fallback {}

        /** The defaults of application.yml for the pauses, for code that builds settings by hand. */
        public Fallback(Path dir) {
            this(dir, Duration.ofSeconds(30), Duration.ofSeconds(60));
        }
    }

    public record Spill(@Min(1) long maxBytes) {}

    public record Shutdown(@NotNull Duration timeout) {}

    public Path journalDir() {
        return dataDir.resolve("journal");
    }

    public Path spillDir() {
        return dataDir.resolve("spill");
    }

    /** Batches Kafka refused for good, when the landing zone cannot take them either. */
    public Path deadLetterDir() {
        return dataDir.resolve("dead_letter");
    }
}

package dev.descheduler.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.descheduler.collector.batch.EncodedBatch;
import dev.descheduler.collector.config.CollectorProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * While Kafka is down and the local disk refuses every write (the landing zone is off), the delivery waits with
 * growing pauses and logs the outage once, then a summary per interval, then its end, instead of an ERROR with a
 * stack trace per second.
 */
class BatchDeliveryOutageTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<Duration> pauses = new ArrayList<>();
    private long clock;

    @BeforeEach
    void captureLogs() {
        logs.start();
        for (Class<?> type : List.of(BatchDelivery.class, StoreOutage.class)) {
            ((Logger) LoggerFactory.getLogger(type)).addAppender(logs);
        }
    }

    @AfterEach
    void releaseLogs() {
        for (Class<?> type : List.of(BatchDelivery.class, StoreOutage.class)) {
            ((Logger) LoggerFactory.getLogger(type)).detachAppender(logs);
        }
    }

    private BatchDelivery delivery(LocalFallbackStore local) {
        KafkaState down = new KafkaState();
        down.markDown(new org.apache.kafka.common.errors.TimeoutException("broker down"));
        StoreOutage outage = new StoreOutage(
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                () -> clock,
                pause -> {
                    pauses.add(pause);
                    clock += pause.toNanos();
                },
                registry);
        RetryPolicy policy = new RetryPolicy(
                new CollectorProperties.Kafka(
                        "unused:9092", "t", 1, 1, 0.1, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                () -> {});
        DeadLetterStore deadLetters =
                new DeadLetterStore(null, new LocalFallbackStore(dir.resolve("dead_letter")), registry);
        return new BatchDelivery(null, policy, down, null, local, deadLetters, outage, registry);
    }

    private static EncodedBatch batch() {
        return new EncodedBatch("b-1", new byte[] {1, 2, 3}, 1);
    }

    /** Replaces the fallback folder by a file, so every write into it fails. */
    private static void breakFolder(Path folder) throws IOException {
        Files.delete(folder);
        Files.writeString(folder, "not a folder");
    }

    private static void repairFolder(Path folder) {
        try {
            Files.delete(folder);
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long count(Level level, String text) {
        return logs.list.stream()
                .filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(text))
                .count();
    }

    @Test
    void backsOffAndLogsTheOutageOncePlusASummaryPerInterval() throws Exception {
        Path folder = dir.resolve("fallback");
        LocalFallbackStore local = new LocalFallbackStore(folder);
        breakFolder(folder);
        AtomicInteger rounds = new AtomicInteger();

        assertThatThrownBy(() -> delivery(local).publishOrFallback(batch(), () -> rounds.incrementAndGet() > 20))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("batch b-1")
                .hasMessageContaining("could not be stored anywhere");

        assertThat(pauses.subList(0, 7))
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
        assertThat(pauses).hasSize(20).allMatch(p -> p.compareTo(Duration.ofSeconds(30)) <= 0);
        long simulatedSeconds = Duration.ofNanos(clock).toSeconds();
        assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.ERROR)).hasSize(1);
        assertThat(count(Level.ERROR, "could not be stored in Kafka, the landing zone or the local disk"))
                .isEqualTo(1);
        // 20 rounds over ~9 simulated minutes: one summary per minute, not one line per round
        assertThat(count(Level.WARN, "still no store for batches"))
                .isBetween(simulatedSeconds / 60 - 1, simulatedSeconds / 60 + 1)
                .isLessThan(12);
        assertThat(registry.get("delivery_store_failures").counter().count()).isEqualTo(20);
        assertThat(registry.get("delivery_store_outage").gauge().value()).isEqualTo(1);
    }

    @Test
    void logsTheEndOfTheOutageOnceTheDiskTakesTheBatch() throws Exception {
        Path folder = dir.resolve("fallback");
        LocalFallbackStore local = new LocalFallbackStore(folder);
        breakFolder(folder);
        AtomicInteger rounds = new AtomicInteger();

        BatchDelivery.Target target = delivery(local).publishOrFallback(batch(), () -> {
            if (rounds.incrementAndGet() == 5) {
                repairFolder(folder);
            }
            return false;
        });

        assertThat(target).isEqualTo(BatchDelivery.Target.LOCAL_DISK);
        assertThat(folder.resolve("b-1.avro")).exists();
        assertThat(pauses).hasSize(5);
        assertThat(count(Level.INFO, "batches are stored again after")).isEqualTo(1);
        assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.ERROR)).hasSize(1);
        assertThat(registry.get("delivery_store_outage").gauge().value()).isZero();
    }
}

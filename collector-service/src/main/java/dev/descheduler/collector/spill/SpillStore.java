package dev.descheduler.collector.spill;

import dev.descheduler.collector.batch.EncodedBatch;
import dev.descheduler.collector.publish.LocalFallbackStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Overflow of the in-memory queue: events that do not fit are written to disk as ready-made batch files, which the
 * replayer publishes like any fallback batch. Bounded in bytes; past the bound the pipeline answers 503.
 */
public final class SpillStore {

    private final LocalFallbackStore files;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong reserved = new AtomicLong();

    public SpillStore(Path dir, long maxBytes, MeterRegistry registry) {
        this.files = new LocalFallbackStore(dir);
        this.maxBytes = maxBytes;
        this.bytes.set(files.totalBytes());
        registry.gauge("spill_bytes", bytes);
        registry.gauge("spill_files", this, s -> s.files.list().size());
    }

    /** Reserves room for an estimated size; false when the spill is full. */
    public boolean tryReserve(long estimatedBytes) {
        while (true) {
            long current = reserved.get();
            if (bytes.get() + current + estimatedBytes > maxBytes) {
                return false;
            }
            if (reserved.compareAndSet(current, current + estimatedBytes)) {
                return true;
            }
        }
    }

    /** Gives back a reservation whose events were not written after all. */
    public void cancel(long reservedBytes) {
        reserved.addAndGet(-reservedBytes);
    }

    public void write(EncodedBatch batch, long reservedBytes) throws IOException {
        try {
            files.write(batch.batchId(), batch.avroFile());
            bytes.addAndGet(batch.avroFile().length);
        } finally {
            reserved.addAndGet(-reservedBytes);
        }
    }

    public List<Path> list() {
        return files.list();
    }

    public void delete(Path file) throws IOException {
        long size = Files.size(file);
        Files.delete(file);
        bytes.addAndGet(-size);
    }

    public long bytes() {
        return bytes.get();
    }

    public long maxBytes() {
        return maxBytes;
    }

    public int fileCount() {
        return files.list().size();
    }

    /** Share of the spill in use, reserved writes included, in percent. */
    public int usagePercent() {
        return (int) Math.min(100, (bytes.get() + reserved.get()) * 100 / maxBytes);
    }
}

package dev.descheduler.collector.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A folder of batch files ({@code <batch id>.avro}), each written to a temporary name, fsynced and renamed, so a
 * file that exists under its final name is complete. Used for the last-resort fallback and for the spill.
 */
public final class LocalFallbackStore {

    private final Path dir;

    public LocalFallbackStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path write(String batchId, byte[] avroFile) throws IOException {
        Path target = dir.resolve(batchId + ".avro");
        Path temp = dir.resolve(batchId + ".avro.tmp");
        try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(avroFile);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
        return target;
    }

    public List<Path> list() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".avro"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    public long totalBytes() {
        long total = 0;
        for (Path file : list()) {
            try {
                total += Files.size(file);
            } catch (IOException e) {
                // a file replayed and deleted since the listing no longer counts
            }
        }
        return total;
    }

    public static String batchIdOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".avro".length());
    }

    /** The rename must itself be durable before the batch counts as stored. */
    private void syncDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}

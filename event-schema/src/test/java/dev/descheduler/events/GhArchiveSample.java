package dev.descheduler.events;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The real GH Archive events in ../shared/data, read in place (the build passes the folder as a system property). */
final class GhArchiveSample {

    private GhArchiveSample() {}

    static List<Path> files() {
        String dir = System.getProperty("gharchive.data.dir", "../../shared/data");
        Path folder = Path.of(dir);
        assumeTrue(
                Files.isDirectory(folder), "GH Archive sample not found at " + folder.toAbsolutePath() + "; skipped");
        try (Stream<Path> paths = Files.list(folder)) {
            List<Path> files = paths.filter(p -> p.getFileName().toString().endsWith(".ndjson.gz"))
                    .sorted()
                    .toList();
            assumeTrue(!files.isEmpty(), "no .ndjson.gz file in " + folder.toAbsolutePath() + "; skipped");
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<String> lines(Path file) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8));
            return reader.lines().filter(line -> !line.isBlank()).onClose(() -> {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

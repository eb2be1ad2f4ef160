package dev.descheduler.collector;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The real GH Archive events of ../shared/data, read in place (the build passes the folder as a system property). */
final class ArchiveEvents {

    private ArchiveEvents() {}

    /** Every event line of every sample file, in file order; the test is skipped, visibly, without the sample. */
    static List<String> all() {
        List<String> lines = new ArrayList<>();
        for (Path file : files()) {
            lines.addAll(lines(file));
        }
        return lines;
    }

    static List<Path> files() {
        Path folder = Path.of(System.getProperty("gharchive.data.dir", "../../shared/data"));
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

    static List<String> lines(Path file) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

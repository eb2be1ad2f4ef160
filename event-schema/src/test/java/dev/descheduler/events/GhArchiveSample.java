package dev.descheduler.events;

import static org.junit.jupiter.api.Assertions.fail;
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

/**
 * The real GH Archive events in ../shared/data, read in place (the build passes the folder as the system property
 * {@code gharchive.data.dir}; never copied into the project). Shared with the other modules' tests through this
 * module's test jar. Without the sample a test is skipped, visibly, rather than passing on nothing; when the
 * environment variable {@code CI} is set (as CI services do) a missing sample fails the test instead, so a CI run
 * cannot turn green by skipping every test on real data.
 */
public final class GhArchiveSample {

    private GhArchiveSample() {}

    public static Path folder() {
        return Path.of(System.getProperty("gharchive.data.dir", "../../shared/data"));
    }

    /** Every sample file, in name order. */
    public static List<Path> files() {
        Path folder = folder();
        require(Files.isDirectory(folder), "GH Archive sample folder " + folder.toAbsolutePath() + " not found");
        try (Stream<Path> paths = Files.list(folder)) {
            List<Path> files = paths.filter(p -> p.getFileName().toString().endsWith(".ndjson.gz"))
                    .sorted()
                    .toList();
            require(!files.isEmpty(), "no .ndjson.gz file in " + folder.toAbsolutePath());
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event lines of one hour of 2015-01-01, e.g. {@code hour(15)}. */
    public static List<String> hour(int hour) {
        Path file = folder().resolve("gharchive-2015-01-01-" + hour + ".ndjson.gz");
        require(Files.isRegularFile(file), "GH Archive sample file " + file.toAbsolutePath() + " not found");
        try (Stream<String> lines = lines(file)) {
            return lines.toList();
        }
    }

    /**
     * Skips the calling test when {@code available} is false, or fails it when the environment variable {@code CI} is
     * set; either way the message says where the data is expected and how to point the build elsewhere.
     */
    public static void require(boolean available, String problem) {
        require(available, problem, isCi());
    }

    static void require(boolean available, String problem, boolean ci) {
        String message = problem + ": the real GH Archive events are expected in ../shared/data beside the repository"
                + " root (override with -Dgharchive.data.dir=<folder of gharchive-*.ndjson.gz files>)";
        if (!available && ci) {
            fail(message + "; CI is set, so a missing sample fails instead of skipping");
        }
        assumeTrue(available, message + "; skipped");
    }

    static boolean isCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** Every event line of every sample file, in file order. */
    public static List<String> all() {
        List<String> all = new ArrayList<>();
        for (Path file : files()) {
            try (Stream<String> lines = lines(file)) {
                lines.forEach(all::add);
            }
        }
        return all;
    }

    /** The event lines of one file, streamed; close the stream. */
    public static Stream<String> lines(Path file) {
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

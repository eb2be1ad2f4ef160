package dev.descheduler.cli.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Lines of GH Archive files (one event per line) from NDJSON, {@code .ndjson.gz} or {@code .json.gz} files, or every
 * such file of a folder. Lines are passed on as they are: the collector is the one that validates.
 */
public final class EventLines {

    private EventLines() {}

    public static List<Path> expand(List<Path> inputs) {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> children = Files.list(input)) {
                    children.filter(EventLines::isEventFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + input, e);
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                throw new IllegalArgumentException("no such file or folder: " + input);
            }
        }
        return files;
    }

    static boolean isEventFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".ndjson")
                || name.endsWith(".ndjson.gz")
                || name.endsWith(".json.gz")
                || name.endsWith(".json")
                || name.endsWith(".jsonl");
    }

    public static void forEachLine(Path file, Consumer<String> line) {
        try (InputStream raw = Files.newInputStream(file);
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(
                                file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw,
                                StandardCharsets.UTF_8),
                        1 << 16)) {
            String text;
            while ((text = reader.readLine()) != null) {
                if (!text.isBlank()) {
                    line.accept(text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

package dev.descheduler.cli.inject;

import dev.descheduler.cli.source.EventLines;
import dev.descheduler.cli.source.GeneratedEvents;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "inject",
        mixinStandardHelpOptions = true,
        description = "Replays GH Archive files (NDJSON, .ndjson.gz, .json.gz) to the collector and reports what it"
                + " accepted. Exits 1 if any event was neither accepted nor rejected with a reason.")
public final class InjectCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR", description = "files or folders of events")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--url", defaultValue = "http://localhost:8000", description = "collector base URL")
    URI url;

    @Option(
            names = "--mode",
            defaultValue = "batch",
            description = "batch (POST /collect/batch) or single (POST /collect)")
    String mode;

    @Option(names = "--batch-size", defaultValue = "100", description = "events per batch request")
    int batchSize;

    @Option(names = "--concurrency", defaultValue = "8", description = "concurrent connections")
    int concurrency;

    @Option(names = "--rate", defaultValue = "0", description = "target events per second (0: as fast as possible)")
    double rate;

    @Option(names = "--api-key", description = "collector API key")
    String apiKey;

    @Option(names = "--gzip", description = "gzip request bodies")
    boolean gzip;

    @Option(names = "--timeout", defaultValue = "PT10M", description = "give up on a request after this (ISO-8601)")
    Duration timeout;

    @Option(names = "--accepted-out", description = "write every accepted ingest_id to this file")
    Path acceptedOut;

    @Option(names = "--summary-json", description = "write the summary as JSON to this file")
    Path summaryJson;

    @Option(names = "--generate", description = "send this many generated events instead of files")
    Integer generate;

    @Option(names = "--gharchive-hour", description = "download and send one GH Archive hour, e.g. 2015-01-01-15")
    String gharchiveHour;

    @Override
    public Integer call() throws Exception {
        Consumer<Consumer<String>> source = source();
        Injector.Mode injectMode = Injector.Mode.valueOf(mode.toUpperCase());
        Injector.Settings settings =
                new Injector.Settings(url, injectMode, batchSize, concurrency, rate, apiKey, gzip, timeout);
        BufferedWriter ids = acceptedOut == null ? null : Files.newBufferedWriter(acceptedOut, StandardCharsets.UTF_8);
        Consumer<String> idSink = ids == null ? id -> {} : id -> write(ids, id);
        Injector injector = new Injector(settings, idSink);
        Thread progress = progressReporter(injector.summary());
        InjectSummary summary;
        try {
            summary = injector.run(source);
        } finally {
            progress.interrupt();
            if (ids != null) {
                ids.close();
            }
        }
        summary.report().forEach(System.out::println);
        if (!summary.firstRejections.isEmpty()) {
            System.out.println("first rejections:");
            summary.firstRejections.forEach(error -> System.out.println("  " + error));
        }
        if (summaryJson != null) {
            Files.writeString(summaryJson, summary.toJson());
        }
        return summary.unresolved.get() == 0 ? 0 : 1;
    }

    private Consumer<Consumer<String>> source() throws IOException, InterruptedException {
        if (generate != null) {
            return line -> GeneratedEvents.generate(generate, 42, line);
        }
        List<Path> files = new ArrayList<>(EventLines.expand(inputs));
        if (gharchiveHour != null) {
            files.add(download(gharchiveHour));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(
                    "nothing to inject: give files or folders, --generate N or --gharchive-hour H");
        }
        return line -> files.forEach(file -> EventLines.forEachLine(file, line));
    }

    private static Path download(String hour) throws IOException, InterruptedException {
        URI uri = URI.create("https://data.gharchive.org/" + hour + ".json.gz");
        Path target = Files.createTempFile("gharchive-" + hour + "-", ".json.gz");
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        try {
            HttpResponse<Path> response =
                    client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofFile(target));
            if (response.statusCode() != 200) {
                throw new IOException("GH Archive answered " + response.statusCode() + " for " + uri);
            }
        } catch (IOException e) {
            throw new IOException("cannot download " + uri + " (is the network reachable?): " + e.getMessage(), e);
        }
        return target;
    }

    private static synchronized void write(BufferedWriter out, String id) {
        try {
            out.write(id);
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Thread progressReporter(InjectSummary summary) {
        Thread thread = new Thread(() -> {
            long start = System.nanoTime();
            try {
                while (true) {
                    Thread.sleep(5_000);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.err.printf(
                            "progress: %d sent, %d accepted, %d rejected, %d retried, %.0f events/s%n",
                            summary.sent.get(),
                            summary.accepted.get(),
                            summary.rejected.get(),
                            summary.retried.get(),
                            (summary.accepted.get() + summary.rejected.get()) / seconds);
                }
            } catch (InterruptedException e) {
                // the run ended
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}

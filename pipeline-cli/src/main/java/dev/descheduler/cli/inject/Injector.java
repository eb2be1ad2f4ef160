package dev.descheduler.cli.inject;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Sends event lines to the collector with a fixed number of concurrent keep-alive connections. A 503 is waited out
 * (its Retry-After) and a connection error retried with backoff, until the overall timeout: no event is dropped.
 */
final class Injector {

    enum Mode {
        BATCH,
        SINGLE
    }

    record Settings(
            URI collector,
            Mode mode,
            int batchSize,
            int concurrency,
            double rate,
            String apiKey,
            boolean gzip,
            Duration timeout) {}

    private static final JsonFactory JSON = new JsonFactory();
    private static final List<String> END = List.of();

    private final Settings settings;
    private final Consumer<String> acceptedIds;
    private final HttpClient http;
    private final InjectSummary summary = new InjectSummary();

    Injector(Settings settings, Consumer<String> acceptedIds) {
        this.settings = settings;
        this.acceptedIds = acceptedIds;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2))
                .build();
    }

    InjectSummary summary() {
        return summary;
    }

    /** Feeds every line of {@code source} to the collector and waits for the last answer. */
    InjectSummary run(Consumer<Consumer<String>> source) throws InterruptedException {
        BlockingQueue<List<String>> work = new ArrayBlockingQueue<>(settings.concurrency() * 4);
        ExecutorService workers = Executors.newFixedThreadPool(settings.concurrency());
        for (int i = 0; i < settings.concurrency(); i++) {
            workers.submit(() -> work(work));
        }
        long start = System.nanoTime();
        int perRequest = settings.mode() == Mode.SINGLE ? 1 : settings.batchSize();
        List<String>[] pending = new List[] {new ArrayList<String>(perRequest)};
        long[] queued = {0};
        source.accept(line -> {
            pending[0].add(line);
            if (pending[0].size() == perRequest) {
                queued[0] += pending[0].size();
                put(work, pending[0]);
                pending[0] = new ArrayList<>(perRequest);
                pace(start, queued[0]);
            }
        });
        if (!pending[0].isEmpty()) {
            put(work, pending[0]);
        }
        for (int i = 0; i < settings.concurrency(); i++) {
            put(work, END);
        }
        workers.shutdown();
        workers.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
        summary.elapsedNanos = System.nanoTime() - start;
        return summary;
    }

    private void pace(long start, long events) {
        if (settings.rate() <= 0) {
            return;
        }
        long due = start + (long) (events / settings.rate() * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            sleep(Duration.ofNanos(wait));
        }
    }

    private static void put(BlockingQueue<List<String>> work, List<String> lines) {
        try {
            work.put(lines);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void work(BlockingQueue<List<String>> work) {
        try {
            while (true) {
                List<String> lines = work.take();
                if (lines == END) {
                    return;
                }
                summary.sent.addAndGet(lines.size());
                summary.requests.incrementAndGet();
                send(lines);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(List<String> lines) throws InterruptedException {
        HttpRequest request = request(lines);
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        int attempt = 0;
        while (true) {
            attempt++;
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                if (!retry(deadline, lines, backoff(attempt))) {
                    return;
                }
                continue;
            }
            int status = response.statusCode();
            if (status == 503 || status >= 500) {
                Duration wait = status == 503 ? retryAfter(response) : backoff(attempt);
                if (!retry(deadline, lines, wait)) {
                    return;
                }
                continue;
            }
            record(lines.size(), status, response.body());
            return;
        }
    }

    private boolean retry(long deadline, List<String> lines, Duration wait) throws InterruptedException {
        if (System.nanoTime() + wait.toNanos() > deadline) {
            summary.unresolved.addAndGet(lines.size());
            return false;
        }
        summary.retried.incrementAndGet();
        Thread.sleep(wait.toMillis());
        return true;
    }

    private void record(int events, int status, byte[] body) {
        try {
            if (settings.mode() == Mode.BATCH && (status == 200 || status == 400) && recordBatch(events, body)) {
                return;
            }
            if (settings.mode() == Mode.SINGLE && status == 200) {
                String id = field(body, "event_id");
                if (id != null) {
                    summary.accepted.incrementAndGet();
                    acceptedIds.accept(id);
                    return;
                }
            }
            String reason = field(body, "reason");
            String error = field(body, "error");
            if (error != null) {
                summary.rejected(reason == null ? "http_" + status : reason, error, events);
            } else {
                summary.unresolved.addAndGet(events);
            }
        } catch (IOException e) {
            summary.unresolved.addAndGet(events);
        }
    }

    /** Reads {"accepted":[{index,event_id}],"rejected":[{index,error,reason}]}; false if the body is not that. */
    private boolean recordBatch(int events, byte[] body) throws IOException {
        int accepted = 0;
        int rejected = 0;
        try (JsonParser json = JSON.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            boolean sawResults = false;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.getCurrentName();
                json.nextToken();
                if (name.equals("accepted") || name.equals("rejected")) {
                    sawResults = true;
                    while (json.nextToken() == JsonToken.START_OBJECT) {
                        String eventId = null;
                        String error = null;
                        String reason = null;
                        while (json.nextToken() == JsonToken.FIELD_NAME) {
                            String field = json.getCurrentName();
                            json.nextToken();
                            switch (field) {
                                case "event_id" -> eventId = json.getText();
                                case "error" -> error = json.getText();
                                case "reason" -> reason = json.getText();
                                default -> json.skipChildren();
                            }
                        }
                        if (eventId != null) {
                            accepted++;
                            summary.accepted.incrementAndGet();
                            acceptedIds.accept(eventId);
                        } else {
                            rejected++;
                            summary.rejected(reason == null ? "unknown" : reason, error, 1);
                        }
                    }
                } else {
                    json.skipChildren();
                }
            }
            if (!sawResults) {
                return false;
            }
        }
        if (accepted + rejected < events) {
            summary.unresolved.addAndGet(events - accepted - rejected);
        }
        return true;
    }

    private static String field(byte[] body, String name) throws IOException {
        try (JsonParser json = JSON.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.getCurrentName();
                json.nextToken();
                if (field.equals(name)) {
                    return json.getText();
                }
                json.skipChildren();
            }
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            return null;
        }
        return null;
    }

    private HttpRequest request(List<String> lines) {
        boolean batch = settings.mode() == Mode.BATCH;
        byte[] body = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        settings.collector().resolve(batch ? "/collect/batch" : "/collect"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", batch ? "application/x-ndjson" : "application/json");
        if (settings.gzip()) {
            body = gzip(body);
            builder.header("Content-Encoding", "gzip");
        }
        if (settings.apiKey() != null) {
            builder.header("Authorization", "Bearer " + settings.apiKey());
        }
        return builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .map(value -> {
                    try {
                        return Duration.ofSeconds(Math.max(1, Long.parseLong(value.trim())));
                    } catch (NumberFormatException e) {
                        return Duration.ofSeconds(1);
                    }
                })
                .orElse(Duration.ofSeconds(1));
    }

    private static Duration backoff(int attempt) {
        return Duration.ofMillis(Math.min(5_000, 100L << Math.min(attempt, 6)));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

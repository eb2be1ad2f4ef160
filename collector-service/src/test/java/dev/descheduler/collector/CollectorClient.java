package dev.descheduler.collector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A test producer: posts NDJSON batches to a running collector and reads back the ids it acknowledged. */
final class CollectorClient {

    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");

    /** What the collector answered to one batch. */
    record Answer(int status, List<String> acceptedIds, Optional<String> retryAfter, String body) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    CollectorClient(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    Answer postBatch(List<String> events) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/collect/batch"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", events)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> ids = new ArrayList<>();
        if (response.statusCode() == 200) {
            Matcher matcher = EVENT_ID.matcher(response.body());
            while (matcher.find()) {
                ids.add(matcher.group(1));
            }
        }
        return new Answer(response.statusCode(), ids, response.headers().firstValue("Retry-After"), response.body());
    }

    int readinessStatus() throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/health/readiness"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}

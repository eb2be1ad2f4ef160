package dev.descheduler.collector.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Optional API keys for the ingest endpoints ({@code Authorization: Bearer <key>} or {@code X-API-Key}). Keys are
 * compared in constant time so response timing does not reveal how much of a key was right.
 */
final class ApiKeyFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private final List<byte[]> keys;

    ApiKeyFilter(List<String> keys) {
        this.keys = keys.stream()
                .map(String::trim)
                .filter(k -> !k.isEmpty())
                .map(k -> k.getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    boolean isEnabled() {
        return !keys.isEmpty();
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        if (!isEnabled() || isAuthorized(presentedKey(request))) {
            return next.handle(request);
        }
        return Mono.error(new IngestRejection(
                HttpStatus.UNAUTHORIZED,
                "unauthorized",
                "a valid API key is required: send Authorization: Bearer <key> or X-API-Key: <key>"));
    }

    private static String presentedKey(ServerRequest request) {
        String apiKey = request.headers().firstHeader("X-API-Key");
        if (apiKey != null) {
            return apiKey.trim();
        }
        String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    private boolean isAuthorized(String presented) {
        if (presented == null) {
            return false;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, candidate);
        }
        return match;
    }
}

package dev.descheduler.collector.ingest;

import dev.descheduler.collector.config.CollectorProperties;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Reads a request body into memory within the configured limits: the declared length is checked first, the bytes
 * actually received too (a chunked body has no length), and a gzip body is inflated only up to the decompressed
 * limit, so a gzip bomb is refused, never expanded.
 */
public final class RequestBodyReader {

    private final int maxBodyBytes;
    private final int maxDecompressedBytes;

    public RequestBodyReader(CollectorProperties.Ingest settings) {
        this.maxBodyBytes = settings.maxBodyBytes();
        this.maxDecompressedBytes = settings.maxDecompressedBytes();
    }

    public Mono<byte[]> read(ServerRequest request) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > maxBodyBytes) {
            return Mono.error(tooLarge(declared));
        }
        boolean gzip = isGzip(request.headers().firstHeader(HttpHeaders.CONTENT_ENCODING));
        return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), maxBodyBytes)
                .map(RequestBodyReader::toBytes)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge(-1))
                .map(body -> gzip ? inflate(body) : body);
    }

    private static boolean isGzip(String encoding) {
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return false;
        }
        if (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip")) {
            return true;
        }
        throw new IngestRejection(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported_encoding",
                "Content-Encoding " + encoding + " is not supported; send identity or gzip");
    }

    private byte[] inflate(byte[] compressed) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
            ByteArrayOutputStream out =
                    new ByteArrayOutputStream(Math.min(maxDecompressedBytes, compressed.length * 8));
            byte[] chunk = new byte[16384];
            int total = 0;
            int n;
            while ((n = in.read(chunk)) > 0) {
                total += n;
                if (total > maxDecompressedBytes) {
                    throw new IngestRejection(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "gzip_bomb",
                            "gzip body inflates beyond the limit of " + maxDecompressedBytes + " bytes");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IngestRejection(HttpStatus.BAD_REQUEST, "bad_gzip", "body is not valid gzip: " + e.getMessage());
        }
    }

    private IngestRejection tooLarge(long declared) {
        return new IngestRejection(
                HttpStatus.CONTENT_TOO_LARGE,
                "body_too_large",
                "request body " + (declared > 0 ? "of " + declared + " bytes " : "") + "is over the limit of "
                        + maxBodyBytes + " bytes");
    }

    private static byte[] toBytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}

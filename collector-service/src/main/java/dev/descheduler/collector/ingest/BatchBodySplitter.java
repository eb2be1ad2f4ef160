package dev.descheduler.collector.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * Finds the events of a batch body without decoding them, so each event is validated on its own and one bad event
 * never costs its neighbours: NDJSON by lines, a JSON array by its elements' byte ranges.
 */
final class BatchBodySplitter {

    /** Byte range of one event in the body. */
    record Slice(int offset, int length) {}

    private static final JsonFactory JSON = new JsonFactory();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private BatchBodySplitter() {}

    static List<Slice> ndjson(byte[] body) {
        List<Slice> slices = new ArrayList<>();
        int start = 0;
        while (start <= body.length) {
            int newline = indexOfNewline(body, start);
            int end = newline;
            if (end > start && body[end - 1] == '\r') {
                end--;
            }
            if (!isBlank(body, start, end)) {
                slices.add(new Slice(start, end - start));
            }
            start = newline + 1;
        }
        return slices;
    }

    /**
     * The first '\n' at or after {@code from}, else {@code body.length}. Eight bytes at a time: a 100-event body is
     * about 220 KB, and a byte-by-byte loop over it was about a tenth of the event loops' CPU.
     */
    static int indexOfNewline(byte[] body, int from) {
        int i = from;
        for (; i + Long.BYTES <= body.length; i += Long.BYTES) {
            long word = (long) LONGS.get(body, i) ^ NEWLINES;
            // the classic "has a zero byte" test: the lowest flagged byte is exactly the first newline
            long zeros = (word - ONES) & ~word & HIGH_BITS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < body.length; i++) {
            if (body[i] == '\n') {
                return i;
            }
        }
        return body.length;
    }

    /** The elements of a top-level array; a body that is not a well-formed array is refused as a whole. */
    static List<Slice> jsonArray(byte[] body) {
        List<Slice> slices = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw notAnArray(
                        "the body must be a JSON array of events (or NDJSON with Content-Type application/x-ndjson)");
            }
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw notAnArray("the JSON array is not closed");
                }
                int start = (int) parser.getTokenLocation().getByteOffset();
                parser.skipChildren();
                int end = token.isStructStart()
                        ? (int) parser.getCurrentLocation().getByteOffset()
                        : valueEnd(parser, body, start);
                slices.add(new Slice(start, end - start));
            }
            if (parser.nextToken() != null) {
                throw notAnArray("unexpected content after the JSON array");
            }
        } catch (IOException e) {
            throw notAnArray("the body is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return slices;
    }

    /** A scalar element: its text ends where the parser stands once the value is fully read. */
    private static int valueEnd(JsonParser parser, byte[] body, int start) throws IOException {
        parser.getText();
        return (int) parser.getCurrentLocation().getByteOffset();
    }

    private static IngestRejection notAnArray(String message) {
        return new IngestRejection(HttpStatus.BAD_REQUEST, "invalid_json", message);
    }

    private static boolean isBlank(byte[] body, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}

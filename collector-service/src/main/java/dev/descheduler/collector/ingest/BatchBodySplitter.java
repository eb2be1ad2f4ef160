package dev.descheduler.collector.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
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

    private BatchBodySplitter() {}

    static List<Slice> ndjson(byte[] body) {
        List<Slice> slices = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int end = i;
                if (end > start && body[end - 1] == '\r') {
                    end--;
                }
                if (!isBlank(body, start, end)) {
                    slices.add(new Slice(start, end - start));
                }
                start = i + 1;
            }
        }
        return slices;
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

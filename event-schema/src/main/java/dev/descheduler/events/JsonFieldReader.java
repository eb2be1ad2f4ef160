package dev.descheduler.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Typed reads over a streaming parser positioned on a value, with the precise messages the API promises, and the
 * original JSON text of any value taken from the input bytes.
 */
final class JsonFieldReader {

    private final JsonParser parser;
    private final byte[] input;
    private final int baseOffset;

    JsonFieldReader(JsonParser parser, byte[] input, int baseOffset) {
        this.parser = parser;
        this.input = input;
        this.baseOffset = baseOffset;
    }

    boolean nextField() throws IOException {
        return parser.nextToken() == JsonToken.FIELD_NAME;
    }

    String fieldName() throws IOException {
        return parser.getCurrentName();
    }

    JsonToken nextValue() throws IOException {
        return parser.nextToken();
    }

    void requireObject(String field, JsonToken token) throws InvalidEventException {
        if (token != JsonToken.START_OBJECT) {
            throw new InvalidEventException(
                    RejectReason.WRONG_TYPE, field + " must be a JSON object, got " + describe(token));
        }
    }

    String nonEmptyString(String field, JsonToken token) throws IOException, InvalidEventException {
        if (token != JsonToken.VALUE_STRING) {
            throw new InvalidEventException(
                    RejectReason.WRONG_TYPE, field + " must be a string, got " + describe(token));
        }
        String text = parser.getText();
        if (text.isEmpty()) {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, field + " must not be empty");
        }
        return text;
    }

    long longValue(String field, JsonToken token) throws IOException, InvalidEventException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new InvalidEventException(
                    RejectReason.WRONG_TYPE, field + " must be an integer, got " + describe(token));
        }
        if (!fitsInLong()) {
            throw new InvalidEventException(
                    RejectReason.WRONG_TYPE, field + " must be an integer within 64 bits, got " + parser.getText());
        }
        return parser.getLongValue();
    }

    /** An integer event id kept as its decimal text, whatever its size. */
    String integerText(String field) throws IOException {
        return parser.getText();
    }

    String isoTimestamp(String field, JsonToken token) throws IOException, InvalidEventException {
        String text = nonEmptyString(field, token);
        if (!IsoTimestamp.isValid(text)) {
            throw new InvalidEventException(RejectReason.INVALID_TIMESTAMP, field + " is not ISO-8601: " + quote(text));
        }
        return text;
    }

    /**
     * A known optional string field: a string goes to its typed column; null or any other JSON type is kept verbatim
     * among the extra fields, so that null and absent stay distinguishable and nothing is lost.
     */
    String optionalString(JsonToken token, String name, Map<String, String> extra) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        extra.put(name, rawText(token));
        return null;
    }

    boolean fitsInLong() throws IOException {
        JsonParser.NumberType type = parser.getNumberType();
        return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
    }

    long currentLong() throws IOException {
        return parser.getLongValue();
    }

    String currentText() throws IOException {
        return parser.getText();
    }

    void skipValue() throws IOException {
        parser.skipChildren();
    }

    /** Byte offset (in the event) where the current token starts. */
    int tokenStart() {
        return (int) parser.getTokenLocation().getByteOffset();
    }

    /** Original text from {@code start} to the end of the current (closing) token. */
    String rawSince(int start) {
        int end = (int) parser.getCurrentLocation().getByteOffset();
        return new String(input, baseOffset + start, end - start, StandardCharsets.UTF_8);
    }

    /**
     * The value's JSON text: objects and arrays byte for byte from the input; scalars re-serialised, which yields the
     * same JSON value (a string's escapes may be written differently).
     */
    String rawText(JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT, START_ARRAY -> {
                int start = tokenStart();
                parser.skipChildren();
                yield rawSince(start);
            }
            case VALUE_STRING -> quote(parser.getText());
            default -> parser.getText();
        };
    }

    static String quote(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }
}

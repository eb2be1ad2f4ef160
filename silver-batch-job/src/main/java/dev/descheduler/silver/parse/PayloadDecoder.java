package dev.descheduler.silver.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.descheduler.events.IsoTimestamp;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks one payload with Jackson's streaming parser and fills the columns its {@link PayloadLayout} asks for. One pass,
 * no tree: subtrees no column needs are skipped token by token, which keeps a 245 KB push as cheap as its bytes.
 *
 * <p>A field that is absent or JSON null leaves its column null. A field of the wrong JSON type is a rejection: that
 * is not drift Silver can interpret, and a null would hide it.
 */
final class PayloadDecoder {

    private static final int MAX_QUOTED_LENGTH = 80;

    private final JsonParser parser;
    private final String eventType;
    private final SilverEvent.Builder out;
    private final boolean[] present;

    private PayloadDecoder(JsonParser parser, String eventType, PayloadLayout layout, SilverEvent.Builder out) {
        this.parser = parser;
        this.eventType = eventType;
        this.out = out;
        this.present = new boolean[layout.nodeCount()];
    }

    /**
     * Decodes the payload the parser is positioned on (its first token already read).
     *
     * @return which layout nodes were present with a non-null value, indexed like the nodes
     */
    static boolean[] decode(JsonParser parser, String eventType, PayloadLayout layout, SilverEvent.Builder out)
            throws IOException, InvalidPayloadException {
        PayloadDecoder decoder = new PayloadDecoder(parser, eventType, layout, out);
        PayloadLayout.Node root = layout.root();
        decoder.expectObject(root, parser.currentToken());
        decoder.present[root.index] = true;
        decoder.readObject(root);
        return decoder.present;
    }

    private void readObject(PayloadLayout.Node node) throws IOException, InvalidPayloadException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            PayloadLayout.Node child = node.children.get(parser.currentName());
            JsonToken token = parser.nextToken();
            if (child == null) {
                parser.skipChildren();
            } else if (token != JsonToken.VALUE_NULL) {
                present[child.index] = true;
                readValue(child, token);
            }
        }
    }

    private void readValue(PayloadLayout.Node node, JsonToken token) throws IOException, InvalidPayloadException {
        if (node.valueColumn != null) {
            setIfUnset(node.valueColumn, scalar(node, token));
        } else if (node.isArray()) {
            readArray(node, token);
        } else if (!node.children.isEmpty()) {
            expectObject(node, token);
            readObject(node);
        } else {
            parser.skipChildren();
        }
    }

    private void readArray(PayloadLayout.Node node, JsonToken token) throws IOException, InvalidPayloadException {
        if (token != JsonToken.START_ARRAY) {
            throw mismatch(node, "an array", token);
        }
        int count = 0;
        List<String> fields = node.elementColumn == null ? null : new ArrayList<>();
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            count++;
            if (fields != null && element == JsonToken.START_OBJECT) {
                readElementField(node, fields);
            } else {
                parser.skipChildren();
            }
        }
        if (node.countColumn != null) {
            setIfUnset(node.countColumn, count);
        }
        if (fields != null) {
            setIfUnset(node.elementColumn, fields.toArray(new String[0]));
        }
    }

    private void readElementField(PayloadLayout.Node node, List<String> fields) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            boolean wanted = node.elementField.equals(parser.currentName());
            JsonToken token = parser.nextToken();
            if (wanted && token == JsonToken.VALUE_STRING) {
                fields.add(parser.getText());
            } else {
                parser.skipChildren();
            }
        }
    }

    private Object scalar(PayloadLayout.Node node, JsonToken token) throws IOException, InvalidPayloadException {
        SilverColumn column = node.valueColumn;
        return switch (column.type()) {
            case STRING -> text(node, token);
            case INT ->
                integer(node, token, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
            case LONG -> integer(node, token, Long.MIN_VALUE, Long.MAX_VALUE);
            case BOOLEAN -> bool(node, token);
            case TIMESTAMP -> timestamp(node, token);
            default -> throw new IllegalStateException(column.columnName() + " cannot be read from a JSON scalar");
        };
    }

    private String text(PayloadLayout.Node node, JsonToken token) throws IOException, InvalidPayloadException {
        if (!token.isScalarValue()) {
            throw mismatch(node, "a string", token);
        }
        return parser.getText();
    }

    /** Integers, also as decimal strings: GitHub sends the event id as a string and could do so with others. */
    private Long integer(PayloadLayout.Node node, JsonToken token, long min, long max)
            throws IOException, InvalidPayloadException {
        long value;
        if (token == JsonToken.VALUE_NUMBER_INT && isLong()) {
            value = parser.getLongValue();
        } else if (token == JsonToken.VALUE_NUMBER_INT) {
            throw outOfRange(node);
        } else if (token == JsonToken.VALUE_STRING) {
            try {
                value = Long.parseLong(parser.getText());
            } catch (NumberFormatException e) {
                throw mismatch(node, "an integer", token);
            }
        } else {
            throw mismatch(node, "an integer", token);
        }
        if (value < min || value > max) {
            throw outOfRange(node);
        }
        return value;
    }

    private Boolean bool(PayloadLayout.Node node, JsonToken token) throws IOException, InvalidPayloadException {
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE;
        }
        throw mismatch(node, "a boolean", token);
    }

    private Instant timestamp(PayloadLayout.Node node, JsonToken token) throws IOException, InvalidPayloadException {
        if (token != JsonToken.VALUE_STRING) {
            throw mismatch(node, "a timestamp", token);
        }
        Instant instant = IsoTimestamp.parseOrNull(parser.getText());
        if (instant == null) {
            throw new InvalidPayloadException(where(node) + " is not ISO-8601: " + quote(parser.getText()));
        }
        return instant;
    }

    private void expectObject(PayloadLayout.Node node, JsonToken token) throws IOException, InvalidPayloadException {
        if (token != JsonToken.START_OBJECT) {
            throw mismatch(node, "an object", token);
        }
    }

    private void setIfUnset(SilverColumn column, Object value) {
        // the first value wins when two paths feed one column (a PR's number is in the payload and in pull_request)
        if (!out.isSet(column)) {
            out.set(column, value);
        }
    }

    private boolean isLong() throws IOException {
        JsonParser.NumberType type = parser.getNumberType();
        return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG;
    }

    private InvalidPayloadException mismatch(PayloadLayout.Node node, String expected, JsonToken token)
            throws IOException {
        return new InvalidPayloadException(where(node) + " is not " + expected + " but " + found(token));
    }

    private InvalidPayloadException outOfRange(PayloadLayout.Node node) throws IOException {
        String kind = node.valueColumn.type() == ColumnType.INT ? "an integer" : "a long";
        return new InvalidPayloadException(where(node) + " is out of range for " + kind + ": " + parser.getText());
    }

    private String where(PayloadLayout.Node node) {
        return node.path + " of " + eventType;
    }

    private String found(JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string: " + quote(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number: " + parser.getText();
            case VALUE_TRUE, VALUE_FALSE -> "a boolean: " + parser.getText();
            default -> String.valueOf(token);
        };
    }

    static String quote(String text) {
        String shown = text.length() > MAX_QUOTED_LENGTH ? text.substring(0, MAX_QUOTED_LENGTH) + "…" : text;
        return '"' + shown + '"';
    }
}

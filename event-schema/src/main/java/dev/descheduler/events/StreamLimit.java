package dev.descheduler.events;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * Which of Jackson's stream read constraints an event broke, so the rejection names the limit rather than calling
 * every one of them a long string. Jackson gives no code, only a message: the prefixes below are those of Jackson 2.15
 * (what Spark ships) and of 2.16 onwards (what the collector runs), and EventJsonDecoderTest breaks each limit so a
 * change of wording shows up as a failing test, not as a wrong label.
 */
enum StreamLimit {
    NESTING_DEPTH(RejectReason.TOO_DEEP, "event nests too deeply: ", "Document nesting depth", "Depth ("),
    STRING_LENGTH(RejectReason.STRING_TOO_LONG, "event has a string that is too long: ", "String "),
    NUMBER_LENGTH(RejectReason.NUMBER_TOO_LONG, "event has a number that is too long: ", "Number ", "BigDecimal "),
    NAME_LENGTH(RejectReason.NAME_TOO_LONG, "event has a field name that is too long: ", "Name length"),
    DOCUMENT_LENGTH(RejectReason.EVENT_TOO_LARGE, "event is too large: ", "Document length"),
    TOKEN_COUNT(RejectReason.TOO_MANY_TOKENS, "event has too many JSON tokens: ", "Token count"),
    OTHER(RejectReason.LIMIT_EXCEEDED, "event exceeds a JSON parsing limit: ");

    private final RejectReason reason;
    private final String problem;
    private final String[] messagePrefixes;

    StreamLimit(RejectReason reason, String problem, String... messagePrefixes) {
        this.reason = reason;
        this.problem = problem;
        this.messagePrefixes = messagePrefixes;
    }

    static StreamLimit of(StreamConstraintsException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        for (StreamLimit limit : values()) {
            for (String prefix : limit.messagePrefixes) {
                if (message.startsWith(prefix)) {
                    return limit;
                }
            }
        }
        return OTHER;
    }

    InvalidEventException rejection(StreamConstraintsException e) {
        return new InvalidEventException(reason, problem + e.getOriginalMessage());
    }
}

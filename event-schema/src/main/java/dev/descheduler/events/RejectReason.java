package dev.descheduler.events;

import java.util.Locale;

/** Why an event was refused; the label is what metrics and API error bodies carry. */
public enum RejectReason {
    INVALID_JSON,
    NOT_AN_OBJECT,
    MISSING_FIELD,
    WRONG_TYPE,
    INVALID_TIMESTAMP,
    EVENT_TOO_LARGE,
    TOO_DEEP,
    STRING_TOO_LONG,
    NUMBER_TOO_LONG,
    NAME_TOO_LONG,
    TOO_MANY_TOKENS,
    LIMIT_EXCEEDED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

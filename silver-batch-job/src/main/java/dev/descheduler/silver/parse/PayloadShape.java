package dev.descheduler.silver.parse;

import java.util.Locale;

/**
 * Which shape of payload an event arrived with, so that a null column can be told apart: "GitHub no longer sends it"
 * versus "this event never had it". Values are {@code <event>} for types whose payload never lost fields, and
 * {@code <event>_full} / {@code <event>_slim} for those that did.
 *
 * <p>{@code _slim} means at least one of the fields GitHub removed from the Events API in October 2025 is absent:
 * {@code size}, {@code distinct_size}, {@code commits} of a push; {@code merged}, {@code title}, {@code state} of a
 * pull request (reviews and review comments only ever carried {@code title} and {@code state}). 2015 and 2021 events
 * share the {@code _full} shapes: their payloads differ only in fields Silver does not read.
 */
public enum PayloadShape {
    PUSH_FULL,
    PUSH_SLIM,
    PULL_REQUEST_FULL,
    PULL_REQUEST_SLIM,
    PULL_REQUEST_REVIEW_FULL,
    PULL_REQUEST_REVIEW_SLIM,
    PULL_REQUEST_REVIEW_COMMENT_FULL,
    PULL_REQUEST_REVIEW_COMMENT_SLIM,
    ISSUES,
    ISSUE_COMMENT,
    COMMIT_COMMENT,
    CREATE,
    DELETE,
    FORK,
    WATCH,
    RELEASE,
    MEMBER,
    GOLLUM,
    PUBLIC,
    /** A type Silver has no columns for yet: the common columns and {@code payload_action} are still filled. */
    UNKNOWN_TYPE,
    /** The event arrived without a payload (or with a JSON null one): every payload column is null. */
    NO_PAYLOAD;

    private final String value;

    PayloadShape() {
        this.value = name().toLowerCase(Locale.ROOT);
    }

    /** The value stored in the {@code payload_shape} column. */
    public String value() {
        return value;
    }
}

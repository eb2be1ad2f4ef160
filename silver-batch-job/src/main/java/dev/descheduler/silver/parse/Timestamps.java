package dev.descheduler.silver.parse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** ISO-8601 timestamps as GitHub writes them, read into UTC instants. */
final class Timestamps {

    private static final int[] DIGIT_POSITIONS = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};

    private Timestamps() {}

    /**
     * Reads {@code text}, or returns null when it is not ISO-8601 with an offset (the collector accepts exactly that).
     * GitHub's own {@code 2015-01-01T00:00:00Z} form takes a fast path: the general formatter costs more than the
     * rest of a small event's parsing.
     */
    static Instant parseOrNull(String text) {
        try {
            if (isGitHubForm(text)) {
                return LocalDateTime.of(
                                digits(text, 0, 4),
                                digits(text, 5, 7),
                                digits(text, 8, 10),
                                digits(text, 11, 13),
                                digits(text, 14, 16),
                                digits(text, 17, 19))
                        .toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean isGitHubForm(String text) {
        if (text.length() != 20
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || text.charAt(19) != 'Z') {
            return false;
        }
        for (int i : DIGIT_POSITIONS) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }
}

package dev.descheduler.events;

import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Whether a text is an ISO-8601 date-time with an offset, as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} reads
 * it. GitHub's own form ({@code 2015-01-01T15:00:01Z}) is checked by hand: the formatter's parse builds a resolver
 * and maps per call, 1.2-3.4 us against the hand check's 0.03-0.1 us, next to 6-11 us for the whole validating
 * decode of a real event (measured on 2 busy cores).
 * Any other text goes to the formatter, which stays the one definition of what is valid.
 */
final class IsoTimestamp {

    private IsoTimestamp() {}

    static boolean isValid(String text) {
        if (isValidUtcSeconds(text)) {
            return true;
        }
        try {
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ssZ} naming a real day and time; false means "ask the formatter", not "invalid". */
    static boolean isValidUtcSeconds(String text) {
        if (text.length() != 20
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || text.charAt(19) != 'Z') {
            return false;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return false;
        }
        return day <= Month.of(month).length(Year.isLeap(year));
    }

    /** The decimal value of {@code count} ASCII digits, or -1 if any is not one. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

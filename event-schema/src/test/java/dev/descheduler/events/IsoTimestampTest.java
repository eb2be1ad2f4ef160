package dev.descheduler.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsoTimestampTest {

    @Test
    void handCheckAgreesWithTheFormatterOnEveryDayAndTimeBoundary() {
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        for (int year : new int[] {0, 1900, 2000, 2015, 2016, 9999}) {
            for (int month = 0; month <= 13; month++) {
                for (int day = 0; day <= 32; day++) {
                    for (int[] time : new int[][] {{0, 0, 0}, {23, 59, 59}, {24, 0, 0}, {12, 60, 0}, {12, 0, 60}}) {
                        String text = String.format(
                                "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, time[0], time[1], time[2]);
                        checked++;
                        if (IsoTimestamp.isValidUtcSeconds(text) != formatterAccepts(text)
                                || IsoTimestamp.isValid(text) != formatterAccepts(text)) {
                            disagreements.add(text);
                        }
                    }
                }
            }
        }

        assertThat(checked).isEqualTo(6 * 14 * 33 * 5);
        assertThat(disagreements).isEmpty();
    }

    @Test
    void leavesEveryOtherFormToTheFormatter() {
        for (String text : List.of(
                "2015-01-01T15:00:01+01:00",
                "2015-01-01T15:00:01.123Z",
                "2015-01-01T15:00Z",
                "2015-01-01 15:00:01Z",
                "2015-01-01T15:00:01z",
                "2O15-01-01T15:00:01Z",
                "+2015-01-01T15:00:01Z",
                "2015-1-01T15:00:01Z",
                "not a timestamp",
                "")) {
            assertThat(IsoTimestamp.isValidUtcSeconds(text)).as(text).isFalse();
            assertThat(IsoTimestamp.isValid(text)).as(text).isEqualTo(formatterAccepts(text));
        }
        assertThat(IsoTimestamp.isValid("2015-01-01T15:00:01+01:00")).isTrue();
        assertThat(IsoTimestamp.isValid("2015-01-01 15:00:01Z")).isFalse();
    }

    private static boolean formatterAccepts(String text) {
        try {
            DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}

package dev.descheduler.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class IsoTimestampTest {

    @Test
    void handReadingAgreesWithTheFormatterOnEveryDayAndTimeBoundary() {
        List<String> disagreements = new ArrayList<>();
        int checked = 0;
        for (int year : new int[] {0, 1900, 2000, 2015, 2016, 9999}) {
            for (int month = 0; month <= 13; month++) {
                for (int day = 0; day <= 32; day++) {
                    for (int[] time : new int[][] {{0, 0, 0}, {23, 59, 59}, {24, 0, 0}, {12, 60, 0}, {12, 0, 60}}) {
                        String text = String.format(
                                "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, time[0], time[1], time[2]);
                        checked++;
                        Instant expected = formatterReads(text);
                        if (!IsoTimestamp.isGitHubForm(text)
                                || !Objects.equals(IsoTimestamp.parseOrNull(text), expected)
                                || IsoTimestamp.isValid(text) != (expected != null)) {
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
            assertThat(IsoTimestamp.isGitHubForm(text)).as(text).isFalse();
            assertThat(IsoTimestamp.parseOrNull(text)).as(text).isEqualTo(formatterReads(text));
        }
        assertThat(IsoTimestamp.isValid("2015-01-01T15:00:01+01:00")).isTrue();
        assertThat(IsoTimestamp.isValid("2015-01-01 15:00:01Z")).isFalse();
    }

    @Test
    void readsGitHubsFormAndOtherOffsetsToTheSameInstant() {
        Instant expected = Instant.parse("2015-01-01T15:00:01Z");

        assertThat(IsoTimestamp.parseOrNull("2015-01-01T15:00:01Z")).isEqualTo(expected);
        assertThat(IsoTimestamp.parseOrNull("2015-01-01T16:00:01+01:00")).isEqualTo(expected);
        assertThat(IsoTimestamp.parseOrNull("2015-01-01T15:00:01.000Z")).isEqualTo(expected);
    }

    @Test
    void returnsNullForTextThatIsNotAnIsoTimestampWithOffset() {
        assertThat(IsoTimestamp.parseOrNull("2015-01-01 15:00:01Z")).isNull();
        assertThat(IsoTimestamp.parseOrNull("2015-01-01T25:00:01Z")).isNull();
        assertThat(IsoTimestamp.parseOrNull("2015-01-01T15:00:01")).isNull();
        assertThat(IsoTimestamp.parseOrNull("")).isNull();
    }

    private static Instant formatterReads(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

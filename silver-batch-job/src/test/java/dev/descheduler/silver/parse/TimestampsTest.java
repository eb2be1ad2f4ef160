package dev.descheduler.silver.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void readsGitHubsFormAndOtherOffsetsToTheSameInstant() {
        Instant expected = Instant.parse("2015-01-01T15:00:01Z");

        assertThat(Timestamps.parseOrNull("2015-01-01T15:00:01Z")).isEqualTo(expected);
        assertThat(Timestamps.parseOrNull("2015-01-01T16:00:01+01:00")).isEqualTo(expected);
        assertThat(Timestamps.parseOrNull("2015-01-01T15:00:01.000Z")).isEqualTo(expected);
    }

    @Test
    void returnsNullForTextThatIsNotAnIsoTimestampWithOffset() {
        assertThat(Timestamps.parseOrNull("2015-01-01 15:00:01Z")).isNull();
        assertThat(Timestamps.parseOrNull("2015-01-01T25:00:01Z")).isNull();
        assertThat(Timestamps.parseOrNull("2015-01-01T15:00:01")).isNull();
        assertThat(Timestamps.parseOrNull("")).isNull();
    }
}

package dev.descheduler.lakehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

    @Test
    void readsDurationsWithUnitsAndBareSeconds() {
        Environment env = Environment.of(Map.of("A", "500ms", "B", "10s", "C", "2m", "D", "1h", "E", "7"));

        assertThat(env.duration("A", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(env.duration("B", Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
        assertThat(env.duration("C", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(env.duration("D", Duration.ZERO)).isEqualTo(Duration.ofHours(1));
        assertThat(env.duration("E", Duration.ZERO)).isEqualTo(Duration.ofSeconds(7));
        assertThat(env.duration("MISSING", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void rejectsZeroOrMalformedDurations() {
        Environment env = Environment.of(Map.of("T", "0s", "U", "ten seconds"));

        assertThatThrownBy(() -> env.duration("T", Duration.ZERO))
                .hasMessageStartingWith("T must be a positive duration such as 10s");
        assertThatThrownBy(() -> env.duration("U", Duration.ZERO)).hasMessageEndingWith("was 'ten seconds'");
    }

    @Test
    void readsPositiveIntegersAndBooleans() {
        Environment env = Environment.of(Map.of("N", "42", "Z", "0", "X", "many", "T", "TRUE", "F", "yes"));

        assertThat(env.positiveInt("N", 1)).isEqualTo(42);
        assertThat(env.positiveInt("MISSING", 5)).isEqualTo(5);
        assertThatThrownBy(() -> env.positiveInt("Z", 1)).hasMessage("Z must be a positive integer, was '0'");
        assertThatThrownBy(() -> env.positiveInt("X", 1)).hasMessage("X must be a positive integer, was 'many'");
        assertThat(env.bool("T", false)).isTrue();
        assertThat(env.bool("MISSING", true)).isTrue();
        assertThatThrownBy(() -> env.bool("F", false)).hasMessage("F must be true or false, was 'yes'");
    }
}

package dev.descheduler.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {

    private final Interpolation interpolation = new Interpolation(Map.of("SET", "value", "EMPTY", ""));

    @Test
    void replacesPlainAndBracedReferences() {
        assertThat(interpolation.apply("a ${SET} b $SET c")).isEqualTo("a value b value c");
        assertThat(interpolation.apply("${UNSET}|$UNSET")).isEqualTo("|");
    }

    @Test
    void colonDefaultsCoverEmptyValuesAndPlainDefaultsOnlyUnsetOnes() {
        assertThat(interpolation.apply("${EMPTY:-d}|${EMPTY-d}|${UNSET-d}|${SET:-d}"))
                .isEqualTo("d||d|value");
    }

    @Test
    void defaultsMayHoldFurtherReferences() {
        assertThat(interpolation.apply("${UNSET:-${SET}-x}")).isEqualTo("value-x");
    }

    @Test
    void alternativesApplyOnlyWhenTheVariableHasAValue() {
        assertThat(interpolation.apply("${SET:+yes}|${EMPTY:+yes}|${EMPTY+yes}|${UNSET+yes}"))
                .isEqualTo("yes||yes|");
    }

    @Test
    void aDoubleDollarIsALiteralDollarForTheContainer() {
        assertThat(interpolation.apply("pg_isready -U \"$${POSTGRES_USER}\" $$HOME"))
                .isEqualTo("pg_isready -U \"${POSTGRES_USER}\" $HOME");
    }

    @Test
    void aRequiredVariableWithoutAValueStopsWithItsMessage() {
        assertThatThrownBy(() -> interpolation.apply("${EMPTY:?set EMPTY in .env}"))
                .isInstanceOf(MissingVariableException.class)
                .hasMessage("required variable EMPTY is missing a value: set EMPTY in .env");
        assertThatThrownBy(() -> interpolation.apply("x ${UNSET?set it}"))
                .isInstanceOf(MissingVariableException.class)
                .hasMessageContaining("UNSET");
        // without the colon only an unset variable is refused
        assertThat(interpolation.apply("${EMPTY?set it}|${SET:?set it}")).isEqualTo("|value");
    }

    @Test
    void aMalformedReferenceIsRefused() {
        assertThatThrownBy(() -> interpolation.apply("${SET")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> interpolation.apply("${SET:x}")).hasMessageContaining("invalid interpolation");
    }

    @Test
    void listsEveryReferenceWithHowItIsUsedButNotEscapedOnes() {
        assertThat(Interpolation.references("$${NOT_ME} ${A:?a} $B ${C:-${D}}"))
                .containsExactly(
                        new Interpolation.Reference("A", ":?", "a"),
                        new Interpolation.Reference("B", "", ""),
                        new Interpolation.Reference("C", ":-", "${D}"),
                        new Interpolation.Reference("D", "", ""));
    }

    @Test
    void envFilesKeepQuotedValuesAndDropTrailingComments() {
        Map<String, String> env = EnvFile.parse(
                List.of("# comment", "", "A=1", "export B='x # y'", "C=\"q\\\"q\"", "D=v # note", "E="), "test");
        assertThat(env)
                .containsExactly(
                        Map.entry("A", "1"),
                        Map.entry("B", "x # y"),
                        Map.entry("C", "q\"q"),
                        Map.entry("D", "v"),
                        Map.entry("E", ""));
        assertThatThrownBy(() -> EnvFile.parse(List.of("not a line"), ".env"))
                .hasMessage(".env line 1 is not NAME=value: not a line");
    }
}

package dev.descheduler.events;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing sample skips a test on a developer machine and fails it under CI, saying where the data belongs. */
class GhArchiveSampleTest {

    @Test
    void skipsWithWhereTheDataIsExpectedOutsideCi() {
        assertThatThrownBy(() -> GhArchiveSample.require(false, "GH Archive sample folder /x not found", false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("GH Archive sample folder /x not found")
                .hasMessageContaining("expected in ../shared/data beside the repository root")
                .hasMessageContaining("-Dgharchive.data.dir=")
                .hasMessageEndingWith("; skipped");
    }

    @Test
    void failsUnderCi() {
        assertThatThrownBy(() -> GhArchiveSample.require(false, "GH Archive sample folder /x not found", true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("expected in ../shared/data beside the repository root")
                .hasMessageEndingWith("CI is set, so a missing sample fails instead of skipping");
    }

    @Test
    void passesWhenTheDataIsThere() {
        assertThatCode(() -> GhArchiveSample.require(true, "unused", true)).doesNotThrowAnyException();
    }
}

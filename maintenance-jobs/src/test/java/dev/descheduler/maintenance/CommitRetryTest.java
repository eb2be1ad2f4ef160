package dev.descheduler.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.Test;

class CommitRetryTest {

    private final CommitRetry retry = new CommitRetry(3, Duration.ZERO);

    @Test
    void aLostCommitRaceIsRunAgainFromAFreshPlan() throws Exception {
        AtomicInteger attempts = new AtomicInteger();

        String result = retry.run("rewrite_data_files on t", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new RuntimeException(new CommitFailedException("metadata location changed"));
            }
            return "committed";
        });

        assertThat(result).isEqualTo("committed");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aConflictThatPersistsEndsWithAClearMessage() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.run("rewrite_data_files on t", () -> {
                    attempts.incrementAndGet();
                    throw new ValidationException("found conflicting files: s3://w/t/data/a.parquet");
                }))
                .hasMessageContaining("rewrite_data_files on t conflicted with concurrent commits 3 times")
                .hasMessageContaining("the table is unchanged")
                .hasMessageContaining("found conflicting files");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void anUnknownCommitStateIsNeverRetried() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.run("expire_snapshots on t", () -> {
                    attempts.incrementAndGet();
                    throw new CommitStateUnknownException(new RuntimeException("socket timeout"));
                }))
                .hasMessageContaining("the commit state is unknown")
                .hasMessageContaining("Check the table's snapshots");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void otherFailuresPassThroughAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalArgumentException bad = new IllegalArgumentException("no such column repo_idd");

        assertThatThrownBy(() -> retry.run("rewrite_data_files on t", () -> {
                    attempts.incrementAndGet();
                    throw bad;
                }))
                .isSameAs(bad);
        assertThat(attempts).hasValue(1);
    }
}

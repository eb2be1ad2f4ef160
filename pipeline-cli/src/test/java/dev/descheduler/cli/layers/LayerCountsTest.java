package dev.descheduler.cli.layers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayerCountsTest {

    @Test
    void everyLayerHoldingEachEventOnceReconciles() {
        LayerCounts counts = counts(0, 0);

        assertThat(counts.reconciles()).isTrue();
        assertThat(counts.describe())
                .contains("Gold events per type and day = Silver")
                .endsWith("RECONCILED");
    }

    @Test
    void aDuplicatedSilverRowFailsReconciliation() {
        LayerCounts counts = counts(1, 0);

        assertThat(counts.reconciles()).isFalse();
        assertThat(counts.describe())
                .contains("Silver holds 11 rows in all (1 duplicated)")
                .endsWith("NOT RECONCILED");
        assertThat(counts.toJson()).contains("\"duplicated_in_silver\":1", "\"reconciled\":false");
    }

    @Test
    void goldCountingAnEventTypeDifferentlyFromSilverFailsReconciliation() {
        LayerCounts counts = counts(0, 1);

        assertThat(counts.reconciles()).isFalse();
        assertThat(counts.describe()).contains("differ from Silver in 1 groups, e.g. [PushEvent 2015-01-01: 7 -> 6]");
    }

    private static LayerCounts counts(long duplicatedInSilver, long goldMismatches) {
        return new LayerCounts(
                10,
                10,
                0,
                0,
                10,
                10,
                0,
                0,
                List.of(),
                10 + duplicatedInSilver,
                duplicatedInSilver,
                true,
                goldMismatches,
                goldMismatches == 0 ? List.of() : List.of("PushEvent 2015-01-01: 7 -> 6"));
    }
}

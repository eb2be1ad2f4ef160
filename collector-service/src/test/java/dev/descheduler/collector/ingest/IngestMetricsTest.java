package dev.descheduler.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.events.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class IngestMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void everyKnownRejectionReasonIsExposedAtZeroBeforeTheFirstRefusal() {
        new IngestMetrics(registry);

        for (RejectReason reason : RejectReason.values()) {
            assertThat(rejected(reason.label())).as(reason.label()).isNotNull();
            assertThat(rejected(reason.label()).count()).as(reason.label()).isZero();
        }
        assertThat(rejected("pipeline_full").count()).isZero();
        assertThat(rejected("shutting_down").count()).isZero();
    }

    @Test
    void aRefusalAddsToTheCounterThatAlreadyExisted() {
        IngestMetrics metrics = new IngestMetrics(registry);
        Counter before = rejected("missing_field");

        metrics.rejected("missing_field", 3);

        assertThat(rejected("missing_field")).isSameAs(before);
        assertThat(before.count()).isEqualTo(3.0);
    }

    @Test
    void aReasonOutsideTheKnownSetIsCountedToo() {
        IngestMetrics metrics = new IngestMetrics(registry);

        metrics.rejected("invalid_signature", 1);

        assertThat(rejected("invalid_signature").count()).isEqualTo(1.0);
    }

    private Counter rejected(String reason) {
        return registry.find("metrics_rejected").tag("reason", reason).counter();
    }
}

package dev.descheduler.lakehouse.metrics;

import dev.descheduler.lakehouse.Environment;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where a batch job reports the outcome of its run, per table it wrote: the Pushgateway when {@code PUSHGATEWAY_URL}
 * is set, nowhere otherwise. Reporting never fails a run: the data is committed by then, and a Pushgateway that is
 * down costs a warning, not the job's exit status.
 */
public interface RunMetrics {

    /** The run wrote {@code table}: its counts and the newest {@code received_at} the table holds now, if known. */
    void succeeded(String table, Map<RunCount, Long> counts, Optional<Instant> newestReceivedAt);

    /** The run failed before it could report {@code table}'s figures. */
    void failed(String table);

    /** The sink {@code env} names for {@code job}, timing the run from now. */
    static RunMetrics forJob(String job, Environment env) {
        String url = env.string(PushgatewayRunMetrics.URL_VARIABLE, "");
        return url.isEmpty()
                ? RunMetrics.none(job)
                : new PushgatewayRunMetrics(job, PushgatewayRunMetrics.address(url), Clock.systemUTC());
    }

    /** Reports nothing, and says so once, so a user who expected figures in Prometheus knows why there are none. */
    static RunMetrics none(String job) {
        org.slf4j.LoggerFactory.getLogger(RunMetrics.class)
                .info("{}: run metrics not pushed: {} is not set", job, PushgatewayRunMetrics.URL_VARIABLE);
        return discard();
    }

    /** Reports nothing, silently: for a run that is scraped instead (the continuous Bronze stream). */
    static RunMetrics discard() {
        return new RunMetrics() {
            @Override
            public void succeeded(String table, Map<RunCount, Long> counts, Optional<Instant> newestReceivedAt) {}

            @Override
            public void failed(String table) {}
        };
    }
}

package dev.descheduler.bronze;

import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each progress event of the Bronze stream's queries to its metrics; Spark calls it on its listener bus. */
final class BronzeStreamListener extends StreamingQueryListener {

    private static final Logger LOG = LoggerFactory.getLogger(BronzeStreamListener.class);

    private final BronzeStreamMetrics metrics;

    BronzeStreamListener(BronzeStreamMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {}

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        try {
            metrics.record(TriggerProgress.fromJson(event.progress().json()));
        } catch (RuntimeException e) {
            // a figure lost is a gap on a dashboard, never a reason to disturb the stream
            LOG.warn(
                    "progress of query {} left out of the metrics: {}",
                    event.progress().name(),
                    e.toString());
        }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {}
}

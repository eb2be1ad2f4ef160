package dev.descheduler.bronze;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the job's streaming queries when the JVM is asked to exit (SIGTERM from {@code make down}, Airflow or a
 * cluster manager), before Spark stops the SparkContext under them, and holds the exit until the job has finished
 * with Spark (its report read, its session stopped).
 *
 * <p>A plain {@code Runtime} shutdown hook runs at the same time as Spark's own, so the running micro-batch failed
 * with "Cannot call methods on a stopped SparkContext" and the log showed a failed job for an ordinary stop. Spark
 * registers its hooks through Hadoop's {@link ShutdownHookManager} (at {@code FileSystem.SHUTDOWN_HOOK_PRIORITY + 30}),
 * which runs hooks one after another, highest priority first: this one is registered above it.
 */
final class GracefulShutdown implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
    /** Above Spark's hook manager (FileSystem.SHUTDOWN_HOOK_PRIORITY + 30), so this runs before the context stops. */
    static final int PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 40;

    private final AtomicBoolean requested = new AtomicBoolean();
    private final List<StreamingQuery> queries = new CopyOnWriteArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Duration finishWithin;
    private final Runnable hook = this::stopAndWait;
    private final boolean installed;

    private GracefulShutdown(Duration finishWithin, boolean installed) {
        this.finishWithin = finishWithin;
        this.installed = installed;
    }

    /**
     * Registers the hook. {@code finishWithin}: how long an exit waits for the job to finish once its queries are
     * stopped; after that the JVM goes on exiting (an uncommitted micro-batch is taken up by the next run).
     */
    static GracefulShutdown install(Duration finishWithin) {
        GracefulShutdown shutdown = new GracefulShutdown(finishWithin, true);
        // Hadoop's own per-hook timeout must not cut the wait short
        ShutdownHookManager.get()
                .addShutdownHook(
                        shutdown.hook, PRIORITY, finishWithin.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        return shutdown;
    }

    /** No hook: for a job run inside another program (tests, benchmarks), which stops its queries itself. */
    static GracefulShutdown none() {
        return new GracefulShutdown(Duration.ZERO, false);
    }

    /** Queries the hook stops; a query started after the stop was requested is stopped at once. */
    void watch(List<StreamingQuery> started) {
        queries.addAll(started);
        if (requested.get()) {
            stopQueries();
        }
    }

    /** Whether the JVM was asked to exit: the run ended because of it, not because it was done. */
    boolean requested() {
        return requested.get();
    }

    /** Requests the stop as the JVM's exit does: stops the queries and waits for {@link #close()}. */
    void stopAndWait() {
        requested.set(true);
        LOG.info("stop requested (SIGTERM or JVM exit): stopping the streaming queries; a micro-batch not committed"
                + " yet is taken up by the next run from the checkpoint");
        stopQueries();
        try {
            if (!finished.await(finishWithin.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the job had not finished {} after its queries were stopped; exiting anyway", finishWithin);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopQueries() {
        for (StreamingQuery query : queries) {
            try {
                query.stop();
            } catch (TimeoutException e) {
                LOG.warn("query {} did not stop in time", query.name(), e);
            }
        }
    }

    /** The job is done with Spark: an exit waiting in the hook may go on. */
    @Override
    public void close() {
        finished.countDown();
        if (installed && !requested.get()) {
            try {
                ShutdownHookManager.get().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the exit began meanwhile: the hook runs, stops nothing still running and finds the job finished
            }
        }
    }
}

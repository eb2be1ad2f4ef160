package dev.descheduler.collector.config;

import dev.descheduler.collector.pipeline.DeliveryPipeline;
import org.springframework.context.SmartLifecycle;

/**
 * The first thing a shutdown does, before the web server stops: the pipeline refuses new events with 503 (readiness
 * turns too) and drains what it acknowledged. Clients see a clear "shutting down, retry elsewhere" during the drain
 * instead of refused connections; {@link PipelineLifecycle} closes the journal afterwards.
 */
final class PipelineDrain implements SmartLifecycle {

    private final DeliveryPipeline pipeline;
    private volatile boolean running;

    PipelineDrain(DeliveryPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        pipeline.drain();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Above the web server's graceful-shutdown phase (DEFAULT_PHASE - 1024), so it stops before it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}

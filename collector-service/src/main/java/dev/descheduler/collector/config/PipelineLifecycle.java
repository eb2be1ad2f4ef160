package dev.descheduler.collector.config;

import dev.descheduler.collector.pipeline.DeliveryPipeline;
import dev.descheduler.collector.replay.Replayer;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the pipeline before the web server takes requests and stops it after the web server has stopped (and
 * finished the requests in flight), so the drain sees every acknowledged event.
 */
final class PipelineLifecycle implements SmartLifecycle {

    /** Below the web server's start/stop phase (DEFAULT_PHASE - 2048): starts before it, stops after it. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final DeliveryPipeline pipeline;
    private final Replayer replayer;
    private volatile boolean running;

    PipelineLifecycle(DeliveryPipeline pipeline, Replayer replayer) {
        this.pipeline = pipeline;
        this.replayer = replayer;
    }

    @Override
    public void start() {
        pipeline.start();
        replayer.start();
        running = true;
    }

    @Override
    public void stop() {
        replayer.close();
        pipeline.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}

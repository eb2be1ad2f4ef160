package dev.descheduler.collector.pipeline;

/** The collector is shutting down and takes no new events. */
public class PipelineClosedException extends RuntimeException {

    public PipelineClosedException() {
        super("the collector is shutting down; retry against another instance or after the restart");
    }
}

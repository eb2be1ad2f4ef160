package dev.descheduler.collector.pipeline;

import dev.descheduler.events.avro.GitHubEvent;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Where validated events go; what it acknowledges is never lost. */
public interface EventPipeline {

    /**
     * Takes validated events (ingest_id already assigned), all of them or none. The stage completes when the events
     * are acknowledged per ack mode (durable: journal fsynced; memory: enqueued). Fails with {@link
     * PipelineFullException} (answer 503 + Retry-After) or {@link PipelineClosedException} (503 during shutdown).
     */
    CompletionStage<Void> submit(List<GitHubEvent> events);
}

package dev.descheduler.collector.pipeline;

import dev.descheduler.events.avro.GitHubEvent;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Where validated events go; what it acknowledges is never lost. */
public interface EventPipeline {

    /**
     * Takes validated events (ingest_id already assigned), all of them or none. The stage completes when the events
     * are acknowledged per ack mode (durable: journal fsynced; memory: enqueued). Fails with {@link
     * PipelineFullException} (answer 503 + Retry-After), {@link PipelineClosedException} (503 during shutdown) or
     * {@link EventStoreException} (503: the journal or spill could not write; nothing was acknowledged).
     */
    CompletionStage<Void> submit(List<GitHubEvent> events);

    /**
     * The same for events decoded from JSON the caller still holds: the durable journal then stores that text instead
     * of encoding each event, which is cheaper.
     */
    default CompletionStage<Void> submitValidated(List<ValidatedEvent> events) {
        return submit(events.stream().map(ValidatedEvent::event).toList());
    }
}

package dev.descheduler.events;

/** Names of the Kafka headers that travel with every batch message. */
public final class BatchHeaders {

    /** The batch id, also the message key. */
    public static final String BATCH_ID = "batch_id";

    /** Number of events in the Avro container file, as a decimal string. */
    public static final String EVENT_COUNT = "event_count";

    /** {@link EventBatchCodec#schemaFingerprint()} of the schema the batch was written with. */
    public static final String SCHEMA_FINGERPRINT = "schema_fingerprint";

    private BatchHeaders() {}
}

package dev.descheduler.collector.batch;

/** One Kafka message: an Avro container file of {@code eventCount} events, named by its batch id. */
public record EncodedBatch(String batchId, byte[] avroFile, int eventCount) {

    @Override
    public String toString() {
        return "batch " + batchId + " (" + eventCount + " events, " + avroFile.length + " bytes)";
    }
}

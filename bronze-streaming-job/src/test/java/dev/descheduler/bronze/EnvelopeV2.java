package dev.descheduler.bronze;

import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.avro.GitHubEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * Version 2 of the event envelope, the one event-schema's compatibility tests use (the compiled schema plus an optional
 * {@code delivery_id}), and batches a producer already on v2 would publish.
 */
final class EnvelopeV2 {

    static final String DELIVERY_ID = "delivery_id";

    private static final Schema SCHEMA = parse();

    private EnvelopeV2() {}

    static Schema schema() {
        return SCHEMA;
    }

    static String fingerprint() {
        return String.format("%016x", SchemaNormalization.parsingFingerprint64(SCHEMA));
    }

    /** The delivery id a v2 producer gives an event, so tests can tell which rows kept it. */
    static String deliveryIdOf(String ingestId) {
        return "delivery-" + ingestId;
    }

    /**
     * The events as one v2 container file: each event resolved from v1 to v2 by Avro (the new field gets its default),
     * then given a delivery id, then written with the v2 schema as the file's schema.
     */
    static byte[] encode(List<GitHubEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileStream<GenericRecord> v1 = new DataFileStream<>(
                        new ByteArrayInputStream(EventBatchCodec.encode(events)),
                        new GenericDatumReader<>(GitHubEvent.getClassSchema(), SCHEMA));
                DataFileWriter<GenericRecord> v2 = new DataFileWriter<>(new GenericDatumWriter<>(SCHEMA))) {
            v2.setCodec(CodecFactory.zstandardCodec(3));
            v2.create(SCHEMA, out);
            for (GenericRecord event : v1) {
                event.put(DELIVERY_ID, deliveryIdOf(event.get("ingest_id").toString()));
                v2.append(event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Schema parse() {
        Path file = Path.of(
                System.getProperty("envelope.v2.schema", "../event-schema/src/test/resources/GitHubEvent-v2.avsc"));
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the v2 envelope schema " + file.toAbsolutePath(), e);
        }
    }
}

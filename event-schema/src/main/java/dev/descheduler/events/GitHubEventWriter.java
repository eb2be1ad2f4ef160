package dev.descheduler.events;

import dev.descheduler.events.avro.GitHubEvent;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Writes a {@link GitHubEvent} field by field, as Avro's generated custom coders do for {@code Actor}, {@code Repo}
 * and {@code Org}. The generated {@code GitHubEvent} has none (Avro 1.11 turns them off for a record with a logical
 * type: {@code received_at}), and the generic writer it falls back to resolves every union and logical type per
 * field: 12% of the CPU of encoding a 1000-event batch of real events, zstd included.
 * {@code GitHubEventWriterTest} holds it to the generic writer's bytes, so a schema change cannot silently diverge.
 */
final class GitHubEventWriter implements DatumWriter<GitHubEvent> {

    @Override
    public void setSchema(Schema schema) {
        if (!GitHubEvent.getClassSchema().equals(schema)) {
            throw new IllegalArgumentException("writes only "
                    + GitHubEvent.getClassSchema().getFullName() + " with the schema it was generated from");
        }
    }

    @Override
    public void write(GitHubEvent event, Encoder out) throws IOException {
        out.writeString(event.getIngestId());
        out.writeLong(event.getReceivedAt().toEpochMilli());
        out.writeString(event.getId());
        out.writeBoolean(event.getIdIsNumber());
        out.writeString(event.getType());
        event.getActor().customEncode(out);
        if (present(event.getRepo(), out)) {
            event.getRepo().customEncode(out);
        }
        if (present(event.getOrg(), out)) {
            event.getOrg().customEncode(out);
        }
        if (present(event.getPayload(), out)) {
            out.writeString(event.getPayload());
        }
        if (present(event.getPublic$(), out)) {
            out.writeBoolean(event.getPublic$());
        }
        out.writeString(event.getCreatedAt());
        writeMap(event.getExtraFields(), out);
    }

    /**
     * Writes the branch of an optional field's {@code ["null", T]} union: null, done (false), or T, whose value the
     * caller writes next (true).
     */
    private static boolean present(Object value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(0);
            out.writeNull();
            return false;
        }
        out.writeIndex(1);
        return true;
    }

    private static void writeMap(Map<String, String> map, Encoder out) throws IOException {
        out.writeMapStart();
        out.setItemCount(map.size());
        for (Map.Entry<String, String> entry : map.entrySet()) {
            out.startItem();
            out.writeString(entry.getKey());
            out.writeString(entry.getValue());
        }
        out.writeMapEnd();
    }
}

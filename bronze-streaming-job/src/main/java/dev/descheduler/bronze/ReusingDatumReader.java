package dev.descheduler.bronze;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro's generic reader with the same schema resolution and the same decoder calls, byte for byte, except that a
 * string is read into the {@link Utf8} buffer of the reused record rather than decoded into a new Java string. What the
 * quarantine check needs: a message fails here exactly when it fails in {@link GenericDatumReader} (turning the bytes
 * into a {@code String} afterwards cannot fail: malformed UTF-8 becomes replacement characters), at the cost of a
 * copy instead of a UTF-8 decode and an allocation per string.
 */
final class ReusingDatumReader<D> extends GenericDatumReader<D> {

    ReusingDatumReader(Schema reader) {
        super(reader);
    }

    @Override
    protected Object readString(Object old, Schema expected, Decoder in) throws IOException {
        return in.readString(old instanceof Utf8 buffer ? buffer : null);
    }
}

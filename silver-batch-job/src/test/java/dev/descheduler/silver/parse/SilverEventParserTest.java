package dev.descheduler.silver.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class SilverEventParserTest {

    @Test
    void stillParsesAfterJavaSerializationAsASparkClosureWouldDoIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new SilverEventParser());
        }
        SilverEventParser copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (SilverEventParser) in.readObject();
        }

        ParseResult result = copy.parse(SampleEvents.PUSH_2025);

        assertThat(result).isInstanceOf(SilverEvent.class);
        assertThat(((SilverEvent) result).get(SilverColumn.PAYLOAD_SHAPE)).isEqualTo("push_slim");
    }
}

package dev.descheduler.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.collector.ingest.BatchBodySplitter.Slice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchBodySplitterTest {

    @Test
    void findsEveryNewlineWhereverItFallsInAWord() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            byte[] body = new byte[random.nextInt(40)];
            for (int i = 0; i < body.length; i++) {
                // bytes around '\n' and the high bit, where a word-at-a-time test could go wrong
                int pick = random.nextInt(6);
                body[i] = (byte) (pick == 0 ? '\n' : pick == 1 ? 0x0B : pick == 2 ? 0x8A : pick == 3 ? 0x09 : 'a');
            }
            for (int from = 0; from <= body.length; from++) {
                assertThat(BatchBodySplitter.indexOfNewline(body, from)).isEqualTo(byteByByte(body, from));
            }
        }
    }

    @Test
    void splitsLinesDroppingBlankOnesAndCarriageReturns() {
        byte[] body = "{\"a\":1}\r\n\n  \n{\"b\":\"ü\"}\n{\"c\":3}".getBytes(StandardCharsets.UTF_8);

        List<String> lines = new ArrayList<>();
        for (Slice slice : BatchBodySplitter.ndjson(body)) {
            lines.add(new String(body, slice.offset(), slice.length(), StandardCharsets.UTF_8));
        }

        assertThat(lines).containsExactly("{\"a\":1}", "{\"b\":\"ü\"}", "{\"c\":3}");
    }

    @Test
    void anEmptyBodyHasNoEvents() {
        assertThat(BatchBodySplitter.ndjson(new byte[0])).isEmpty();
        assertThat(BatchBodySplitter.ndjson("\n\r\n".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    private static int byteByByte(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == '\n') {
                return i;
            }
        }
        return body.length;
    }
}

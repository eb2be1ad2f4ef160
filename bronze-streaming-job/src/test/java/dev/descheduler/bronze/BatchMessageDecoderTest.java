package dev.descheduler.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.events.EventBatchCodec;
import dev.descheduler.events.avro.GitHubEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quarantine check ({@link BatchMessageDecoder#quarantineReason}) against the full decode the events stream uses
 * ({@link BatchMessageDecoder#decode}) on every damaged message these tests can make: both must give the same verdict,
 * or a message would land in both Bronze tables or in neither.
 */
class BatchMessageDecoderTest {

    private static final BatchMessageDecoder V1 = new BatchMessageDecoder(GitHubEvent.getClassSchema());
    private static final BatchMessageDecoder V2 = new BatchMessageDecoder(EnvelopeV2.schema());
    private static final byte[] MASKS = {0x01, (byte) 0xFF};

    private static List<GitHubEvent> batch;
    private static byte[] zstd;
    private static byte[] uncompressed;
    private static byte[] deflate;
    private static byte[] v2;

    private int accepted;
    private int quarantined;

    @BeforeAll
    static void encodeBatches() throws IOException {
        // real events with a short payload: the same structure (strings, unions, maps) in few bytes, so that damaging
        // every byte stays quick
        batch = RealEvents.load(3).take(3).stream()
                .map(event -> GitHubEvent.newBuilder(event)
                        .setPayload(event.getPayload()
                                .substring(0, Math.min(60, event.getPayload().length())))
                        .build())
                .toList();
        zstd = EventBatchCodec.encode(batch);
        uncompressed = write(batch, CodecFactory.nullCodec(), 2);
        deflate = write(batch, CodecFactory.deflateCodec(6), 2);
        v2 = EnvelopeV2.encode(batch);
    }

    @Test
    void agreesOnTruncationsAtEveryLength() {
        for (int length = 0; length <= uncompressed.length; length++) {
            assertAgree(V1, Arrays.copyOf(uncompressed, length), "3", "uncompressed, truncated to " + length);
        }
        for (byte[] file : List.of(zstd, deflate, v2)) {
            for (int length = 0; length <= file.length; length += 5) {
                assertAgree(V1, Arrays.copyOf(file, length), "3", "truncated to " + length);
            }
        }
        assertBothOutcomesSeen();
    }

    @Test
    void agreesOnFlippedBytes() {
        // the uncompressed file exposes the datum bytes themselves (lengths, union branches, varints, map blocks) and
        // gets two masks at every third byte; in a compressed file most flips hit the codec first. Each decode costs
        // a few milliseconds (header, schema, resolver, codec per message), hence not every byte of every file
        flipBytes(write(batch, CodecFactory.nullCodec(), 1), 3, MASKS, V1);
        flipBytes(zstd, 11, new byte[] {0x01}, V1);
        flipBytes(deflate, 11, new byte[] {0x01}, V1);
        flipBytes(v2, 11, new byte[] {0x01}, V2);
        assertBothOutcomesSeen();
    }

    private void flipBytes(byte[] file, int stride, byte[] masks, BatchMessageDecoder decoder) {
        for (int position = 0; position < file.length; position += stride) {
            for (byte mask : masks) {
                byte[] damaged = file.clone();
                damaged[position] ^= mask;
                assertAgree(decoder, damaged, "3", "byte " + position + " ^ " + mask);
            }
        }
    }

    @Test
    void agreesOnMessagesThatAreNotContainerFilesAtAll() {
        assertAgree(V1, null, "3", "null value");
        assertAgree(V1, new byte[0], "3", "empty");
        assertAgree(V1, "{\"id\":\"1\",\"type\":\"PushEvent\"}".getBytes(StandardCharsets.UTF_8), "1", "JSON");
        assertAgree(V1, new byte[] {'O', 'b', 'j', 2}, "1", "wrong magic version");
        byte[] wrongMagic = zstd.clone();
        wrongMagic[0] = 'X';
        assertAgree(V1, wrongMagic, "3", "wrong magic");
        assertAgree(V1, Arrays.copyOf(zstd, 4), "3", "magic only");
        assertThat(V1.quarantineReason(wrongMagic, "3")).startsWith("not a readable Avro container file");
    }

    @Test
    void agreesOnHeadersThatNameAnotherCodecOrSchema() throws IOException {
        ContainerFile file = ContainerFile.parse(zstd);
        String schema = file.meta("avro.schema");
        List<byte[]> damaged = List.of(
                file.withMeta("avro.codec", "lzma").bytes(),
                file.withMeta("avro.codec", "null").bytes(),
                file.withMeta("avro.codec", "deflate").bytes(),
                file.withMeta("avro.codec", "snappy").bytes(),
                file.withMeta("avro.schema", "{not json").bytes(),
                file.withMeta("avro.schema", "\"string\"").bytes(),
                file.withoutMeta("avro.schema").bytes(),
                // a required reader field the writer lacks, and one of another type: resolution fails
                file.withMeta("avro.schema", schema.replace("\"ingest_id\"", "\"ingest_identifier\""))
                        .bytes(),
                file.withMeta("avro.schema", changed(schema, "\"boolean\"", "\"bytes\""))
                        .bytes(),
                ContainerFile.parse(uncompressed)
                        .withMeta("avro.codec", "zstandard")
                        .bytes());
        for (int i = 0; i < damaged.size(); i++) {
            assertAgree(V1, damaged.get(i), "3", "header variant " + i);
            assertAgree(V2, damaged.get(i), "3", "v2 reader, header variant " + i);
        }
        assertThat(quarantined).isEqualTo(2 * damaged.size());
        // Avro resolves the top-level record by position and field names, not by its own name: both read it
        byte[] renamed = file.withMeta("avro.schema", changed(schema, "\"GitHubEvent\"", "\"OtherEvent\""))
                .bytes();
        assertAgree(V1, renamed, "3", "record renamed");
        assertThat(V1.quarantineReason(renamed, "3")).isNull();
    }

    @Test
    void agreesOnBlocksWithAWrongCountOrSyncMarker() throws IOException {
        ContainerFile file = ContainerFile.parse(uncompressed);
        List<byte[]> damaged = new ArrayList<>();
        for (long count : new long[] {0, 1, 3, 4, -1, -2, Long.MAX_VALUE, Long.MIN_VALUE}) {
            damaged.add(file.withFirstBlockCount(count).bytes());
        }
        damaged.add(file.withFirstBlockSize(-1).bytes());
        damaged.add(file.withFirstBlockSize(Integer.MAX_VALUE + 1L).bytes());
        damaged.add(file.withFirstBlockSize(file.firstBlockSize() - 1).bytes());
        damaged.add(file.withFirstBlockSize(file.firstBlockSize() + 1).bytes());
        byte[] badSync = uncompressed.clone();
        badSync[badSync.length - 1] ^= 0x01;
        damaged.add(badSync);
        damaged.add(concat(uncompressed, new byte[] {0x02}));
        damaged.add(concat(uncompressed, uncompressed));
        damaged.add(concat(zstd, Arrays.copyOfRange(zstd, file.headerLength(), zstd.length)));
        for (int i = 0; i < damaged.size(); i++) {
            for (String header : new String[] {"3", "2", "1", null}) {
                assertAgree(V1, damaged.get(i), header, "block variant " + i + ", header " + header);
            }
        }
        assertThat(quarantined).isPositive();
    }

    @Test
    void agreesOnValidFilesAndEventCountHeaders() {
        for (String header : new String[] {"3", "2", "4", "0", "three", "", null}) {
            assertAgree(V1, zstd, header, "zstd, header " + header);
            assertAgree(V1, v2, header, "v2 writer, header " + header);
            assertAgree(V2, uncompressed, header, "v2 reader, header " + header);
        }
        assertAgree(V1, write(List.of(), CodecFactory.nullCodec(), 2), "0", "no events");
        assertThat(V1.quarantineReason(zstd, "3")).isNull();
        assertThat(V1.quarantineReason(zstd, "4")).isEqualTo("header event_count says 4 events but the file holds 3");
    }

    private void assertAgree(BatchMessageDecoder decoder, byte[] value, String header, String what) {
        BatchMessageDecoder.Decoded decoded = decoder.decode(value, header);
        String reason = decoder.quarantineReason(value, header);
        // the verdict must agree; the wording may not (Avro wraps the same IOException in next() but not in
        // next(reuse)), and only the quarantine stream's wording is stored
        assertThat(reason == null)
                .as("%s: quarantine check says %s, full decode says %s", what, reason, decoded.error())
                .isEqualTo(decoded.error() == null);
        if (reason == null) {
            assertThat(decoded.events()).as(what).isNotEmpty();
            accepted++;
        } else {
            assertThat(decoded.events()).as(what).isEmpty();
            quarantined++;
        }
    }

    /** A damage test that never accepts (or never refuses) a message would not show that the two agree. */
    private void assertBothOutcomesSeen() {
        assertThat(accepted).as("damaged messages both accepted").isPositive();
        assertThat(quarantined).as("damaged messages both quarantined").isPositive();
    }

    private static byte[] write(List<GitHubEvent> events, CodecFactory codec, int eventsPerBlock) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataFileWriter<GitHubEvent> writer = new DataFileWriter<>(new SpecificDatumWriter<>(GitHubEvent.class))) {
            writer.setCodec(codec);
            writer.create(GitHubEvent.getClassSchema(), out);
            for (int i = 0; i < events.size(); i++) {
                writer.append(events.get(i));
                if ((i + 1) % eventsPerBlock == 0) {
                    writer.sync();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String changed(String schema, String from, String to) {
        String result = schema.replaceFirst(from, to);
        assertThat(result).as("%s found in the schema", from).isNotEqualTo(schema);
        return result;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /**
     * An Avro container file taken apart by hand (magic, metadata, sync marker, then blocks of count, size, data and
     * sync), so that tests can rewrite one part and keep the rest byte for byte.
     */
    private record ContainerFile(Map<String, byte[]> meta, byte[] sync, byte[] blocks) {

        static ContainerFile parse(byte[] file) throws IOException {
            Reader in = new Reader(file, 4);
            Map<String, byte[]> meta = new LinkedHashMap<>();
            for (long entries = in.varint(); entries != 0; entries = in.varint()) {
                for (long i = 0; i < entries; i++) {
                    String key = new String(in.bytes(), StandardCharsets.UTF_8);
                    meta.put(key, in.bytes());
                }
            }
            byte[] sync = in.fixed(16);
            return new ContainerFile(meta, sync, Arrays.copyOfRange(file, in.position, file.length));
        }

        String meta(String key) {
            return new String(meta.get(key), StandardCharsets.UTF_8);
        }

        ContainerFile withMeta(String key, String value) {
            Map<String, byte[]> changed = new LinkedHashMap<>(meta);
            changed.put(key, value.getBytes(StandardCharsets.UTF_8));
            return new ContainerFile(changed, sync, blocks);
        }

        ContainerFile withoutMeta(String key) {
            Map<String, byte[]> changed = new LinkedHashMap<>(meta);
            changed.remove(key);
            return new ContainerFile(changed, sync, blocks);
        }

        int headerLength() {
            return bytes().length - blocks.length;
        }

        long firstBlockSize() throws IOException {
            Reader in = new Reader(blocks, 0);
            in.varint();
            return in.varint();
        }

        ContainerFile withFirstBlockCount(long count) throws IOException {
            Reader in = new Reader(blocks, 0);
            in.varint();
            long size = in.varint();
            return withFirstBlockHeader(count, size, in.position);
        }

        ContainerFile withFirstBlockSize(long size) throws IOException {
            Reader in = new Reader(blocks, 0);
            long count = in.varint();
            in.varint();
            return withFirstBlockHeader(count, size, in.position);
        }

        private ContainerFile withFirstBlockHeader(long count, long size, int dataStart) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writeVarint(out, count);
            writeVarint(out, size);
            out.write(blocks, dataStart, blocks.length - dataStart);
            return new ContainerFile(meta, sync, out.toByteArray());
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {'O', 'b', 'j', 1});
            if (!meta.isEmpty()) {
                writeVarint(out, meta.size());
                meta.forEach((key, value) -> {
                    byte[] name = key.getBytes(StandardCharsets.UTF_8);
                    writeVarint(out, name.length);
                    out.writeBytes(name);
                    writeVarint(out, value.length);
                    out.writeBytes(value);
                });
            }
            writeVarint(out, 0);
            out.writeBytes(sync);
            out.writeBytes(blocks);
            return out.toByteArray();
        }

        private static void writeVarint(ByteArrayOutputStream out, long value) {
            long zigzag = (value << 1) ^ (value >> 63);
            while ((zigzag & ~0x7FL) != 0) {
                out.write((int) ((zigzag & 0x7F) | 0x80));
                zigzag >>>= 7;
            }
            out.write((int) zigzag);
        }
    }

    /** Avro's zig-zag varints and length-prefixed bytes, over an array. */
    private static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data, int position) {
            this.data = data;
            this.position = position;
        }

        long varint() throws IOException {
            long raw = 0;
            for (int shift = 0; ; shift += 7) {
                if (position >= data.length || shift > 63) {
                    throw new IOException("bad varint at " + position);
                }
                int b = data[position++] & 0xFF;
                raw |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
        }

        byte[] bytes() throws IOException {
            return fixed((int) varint());
        }

        byte[] fixed(int length) {
            byte[] value = Arrays.copyOfRange(data, position, position + length);
            position += length;
            return value;
        }
    }
}

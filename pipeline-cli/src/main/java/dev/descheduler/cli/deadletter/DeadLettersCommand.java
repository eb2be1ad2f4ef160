package dev.descheduler.cli.deadletter;

import dev.descheduler.events.BatchHeaders;
import dev.descheduler.events.EventBatchCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Lists the batches Kafka refused for good, and republishes them once the cause (e.g. the topic's limit) is fixed. */
@Command(
        name = "dead-letters",
        mixinStandardHelpOptions = true,
        description =
                "Lists or republishes the batches the collector dead-lettered because Kafka refused them for good.",
        subcommands = {DeadLettersCommand.ListCommand.class, DeadLettersCommand.RepublishCommand.class})
public final class DeadLettersCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Prints every dead letter with its reason.")
    static final class ListCommand implements Callable<Integer> {

        @Mixin
        DeadLetterOptions options;

        @Override
        public Integer call() {
            try (DeadLetterSource source = new DeadLetterSource(options)) {
                List<DeadLetterSource.DeadLetter> letters = source.list();
                for (DeadLetterSource.DeadLetter letter : letters) {
                    System.out.printf(
                            "%s\t%d bytes\t%s\t%s%n",
                            letter.batchId(), letter.bytes(), letter.location(), letter.reason());
                }
                System.out.printf("%d dead letters%n", letters.size());
                return 0;
            }
        }
    }

    @Command(
            name = "republish",
            mixinStandardHelpOptions = true,
            description = "Sends dead letters to Kafka as the collector would (same key and headers, acks=all,"
                    + " idempotent) and deletes each one Kafka acknowledged. Exits 1 if one is refused again.")
    static final class RepublishCommand implements Callable<Integer> {

        @Mixin
        DeadLetterOptions options;

        @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092")
        String bootstrapServers;

        @Option(names = "--topic", defaultValue = "github_events_avro")
        String topic;

        @Option(names = "--batch", description = "only this batch id (default: all)")
        String batchId;

        @Option(names = "--max-request-bytes", defaultValue = "67108864", description = "producer max.request.size")
        int maxRequestBytes;

        @Override
        public Integer call() throws Exception {
            int refused = 0;
            int sent = 0;
            try (DeadLetterSource source = new DeadLetterSource(options);
                    KafkaProducer<String, byte[]> producer = producer()) {
                for (DeadLetterSource.DeadLetter letter : source.list()) {
                    if (batchId != null && !batchId.equals(letter.batchId())) {
                        continue;
                    }
                    byte[] file = source.read(letter);
                    int events = EventBatchCodec.decode(file).size();
                    try {
                        producer.send(new ProducerRecord<>(
                                        topic,
                                        null,
                                        letter.batchId(),
                                        file,
                                        List.of(
                                                header(BatchHeaders.BATCH_ID, letter.batchId()),
                                                header(BatchHeaders.EVENT_COUNT, Integer.toString(events)),
                                                header(
                                                        BatchHeaders.SCHEMA_FINGERPRINT,
                                                        EventBatchCodec.schemaFingerprint()))))
                                .get(2, TimeUnit.MINUTES);
                    } catch (java.util.concurrent.ExecutionException e) {
                        refused++;
                        System.err.printf(
                                "%s refused again, kept at %s: %s%n",
                                letter.batchId(), letter.location(), e.getCause());
                        continue;
                    }
                    source.delete(letter);
                    sent++;
                    System.out.printf(
                            "%s republished (%d events) from %s%n", letter.batchId(), events, letter.location());
                }
            }
            System.out.printf("%d republished, %d refused%n", sent, refused);
            return refused == 0 ? 0 : 1;
        }

        private KafkaProducer<String, byte[]> producer() {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "pipeline-cli-dead-letters");
            return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }

        private static RecordHeader header(String name, String value) {
            return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}

package dev.descheduler.cli.reconcile;

import dev.descheduler.events.avro.GitHubEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "reconcile",
        mixinStandardHelpOptions = true,
        description = "Checks that every accepted ingest_id is in Kafka or a fallback location exactly once."
                + " Exits 1 if one is missing (or, with --fail-on-duplicates, duplicated).")
public final class ReconcileCommand implements Callable<Integer> {

    @Option(names = "--accepted", required = true, description = "file of accepted ingest_ids (inject --accepted-out)")
    Path accepted;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "github_events_avro")
    String topic;

    @Option(names = "--s3-endpoint", description = "S3 endpoint of the landing zone (omit to skip it)")
    String s3Endpoint;

    @Option(names = "--s3-bucket", defaultValue = "warehouse")
    String s3Bucket;

    @Option(names = "--s3-access-key", defaultValue = "minioadmin")
    String s3AccessKey;

    @Option(names = "--s3-secret-key", defaultValue = "minioadmin")
    String s3SecretKey;

    @Option(names = "--fallback-dir", description = "the collector's local fallback folder")
    Path fallbackDir;

    @Option(names = "--spill-dir", description = "the collector's spill folder")
    Path spillDir;

    @Option(names = "--fail-on-duplicates", description = "exit 1 when an accepted id is found more than once")
    boolean failOnDuplicates;

    @Option(names = "--summary-json", description = "write the result as JSON to this file")
    Path summaryJson;

    @Override
    public Integer call() throws Exception {
        Set<String> expected = new HashSet<>(Files.readAllLines(accepted));
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Long> eventsPerLocation = new TreeMap<>();
        Map<String, Long> batchesPerLocation = new TreeMap<>();
        long[] kafkaBytes = {0};
        long[] unexpected = {0};
        List<String> problems = new ArrayList<>();
        Consumer<BatchSources.FoundBatch> sink = batch -> {
            if (batch.problem() != null) {
                problems.add(batch.location() + " " + batch.batchId() + ": " + batch.problem());
            }
            batchesPerLocation.merge(batch.location(), 1L, Long::sum);
            eventsPerLocation.merge(batch.location(), (long) batch.events().size(), Long::sum);
            if (batch.location().equals("kafka")) {
                kafkaBytes[0] += batch.bytes();
            }
            for (GitHubEvent event : batch.events()) {
                if (expected.contains(event.getIngestId())) {
                    seen.merge(event.getIngestId(), 1, Integer::sum);
                } else {
                    unexpected[0]++;
                }
            }
        };
        BatchSources.kafka(bootstrapServers, topic, sink);
        if (s3Endpoint != null) {
            BatchSources.landingZone(s3Endpoint, s3Bucket, s3AccessKey, s3SecretKey, sink);
        }
        BatchSources.folder("local_fallback", fallbackDir, sink);
        BatchSources.folder("spill", spillDir, sink);

        List<String> missing =
                expected.stream().filter(id -> !seen.containsKey(id)).limit(10).toList();
        long missingCount =
                expected.stream().filter(id -> !seen.containsKey(id)).count();
        long duplicates = seen.values().stream().filter(n -> n > 1).count();
        long kafkaEvents = eventsPerLocation.getOrDefault("kafka", 0L);
        long kafkaMessages = batchesPerLocation.getOrDefault("kafka", 0L);

        System.out.println("accepted ids:        " + expected.size());
        System.out.println("found exactly once:  "
                + seen.values().stream().filter(n -> n == 1).count());
        System.out.println("missing:             " + missingCount + (missing.isEmpty() ? "" : " e.g. " + missing));
        System.out.println("duplicated:          " + duplicates);
        System.out.println("not in the accepted file (earlier runs): " + unexpected[0]);
        eventsPerLocation.forEach((location, events) -> System.out.println(
                "  " + location + ": " + batchesPerLocation.get(location) + " batches, " + events + " events"));
        if (kafkaEvents > 0) {
            System.out.printf(
                    "kafka: %.4f messages per event (%.0f events per message), %.0f bytes per event%n",
                    (double) kafkaMessages / kafkaEvents,
                    (double) kafkaEvents / kafkaMessages,
                    (double) kafkaBytes[0] / kafkaEvents);
        }
        problems.stream().limit(10).forEach(p -> System.out.println("problem: " + p));
        if (summaryJson != null) {
            Files.writeString(
                    summaryJson,
                    "{\"accepted\":" + expected.size() + ",\"missing\":" + missingCount + ",\"duplicated\":"
                            + duplicates + ",\"unexpected\":" + unexpected[0] + ",\"problems\":" + problems.size()
                            + ",\"kafka_messages\":" + kafkaMessages + ",\"kafka_events\":" + kafkaEvents
                            + ",\"kafka_bytes\":" + kafkaBytes[0] + "}");
        }
        boolean ok = missingCount == 0 && problems.isEmpty() && (!failOnDuplicates || duplicates == 0);
        System.out.println(ok ? "RECONCILED: every accepted event is stored" : "NOT RECONCILED");
        return ok ? 0 : 1;
    }
}

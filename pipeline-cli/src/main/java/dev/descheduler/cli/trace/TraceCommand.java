package dev.descheduler.cli.trace;

import dev.descheduler.cli.layers.LakehouseOptions;
import dev.descheduler.cli.layers.LakehouseQueries;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "trace",
        mixinStandardHelpOptions = true,
        description = "Shows where an event is: its Bronze copies (collector batch, Kafka topic/partition/offset,"
                + " the Bronze snapshot that added each), its Silver row or rejection, the Gold rows it counts in. Exits 1"
                + " when it is nowhere.")
public final class TraceCommand implements Callable<Integer> {

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Parameters(index = "0", description = "a GitHub event id (digits) or a collector ingest_id (UUID)")
    String id;

    @Mixin
    LakehouseOptions options;

    @Override
    public Integer call() throws Exception {
        boolean isIngestId = UUID.matcher(id).matches();
        if (!isIngestId && !id.chars().allMatch(Character::isDigit)) {
            System.err.println("error: '" + id + "' is neither a GitHub event id (digits) nor an ingest_id (UUID)");
            return 2;
        }
        LakehouseQueries connected;
        try {
            connected = new LakehouseQueries(options.jdbcUrl());
        } catch (java.sql.SQLException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        try (LakehouseQueries lakehouse = connected) {
            EventTrace trace = new EventTrace(
                    lakehouse, options.bronzeNamespace(), options.silverNamespace(), options.goldNamespace());
            List<Map<String, Object>> copies = trace.bronzeCopies(id, isIngestId);
            String githubId = copies.isEmpty()
                    ? (isIngestId ? null : id)
                    : (String) copies.get(0).get("id");
            print("bronze", copies);
            if (githubId != null) {
                print("silver", trace.silverRow(githubId));
                print("silver rejected", trace.rejections(githubId));
                print("gold", trace.goldRows(githubId));
            }
            if (copies.isEmpty()) {
                System.out.println("not in Bronze: still in the collector or Kafka, or never accepted"
                        + " (pipeline-cli reconcile checks Kafka and the fallbacks)");
                return 1;
            }
            return 0;
        }
    }

    private static void print(String layer, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            System.out.println(layer + ": none");
        }
        for (Map<String, Object> row : rows) {
            System.out.println(layer + ": " + row);
        }
    }
}

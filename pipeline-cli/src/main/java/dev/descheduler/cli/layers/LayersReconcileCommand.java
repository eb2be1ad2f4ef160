package dev.descheduler.cli.layers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "reconcile-layers",
        mixinStandardHelpOptions = true,
        description = "Reconciles accepted events through the lakehouse over the SQL endpoint: every accepted ingest_id"
                + " in Bronze exactly once, and every GitHub event id among them in Silver exactly once or rejected"
                + " with a reason, and Gold's events per type and day equal to Silver's. Exits 1 on any difference that is not"
                + " explained.")
public final class LayersReconcileCommand implements Callable<Integer> {

    @Option(names = "--accepted", required = true, description = "file of accepted ingest_ids (inject --accepted-out)")
    Path accepted;

    @Mixin
    LakehouseOptions options;

    @Option(names = "--summary-json", description = "write the result as JSON to this file")
    Path summaryJson;

    @Override
    public Integer call() throws Exception {
        Set<String> acceptedIds = new HashSet<>(Files.readAllLines(accepted));
        acceptedIds.remove("");
        LayerCounts counts;
        try (LakehouseQueries lakehouse = new LakehouseQueries(options.jdbcUrl())) {
            counts = count(lakehouse, acceptedIds);
        } catch (java.sql.SQLException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        String json = counts.toJson();
        System.out.println(counts.describe());
        if (summaryJson != null) {
            Files.writeString(summaryJson, json + "\n");
        }
        return counts.reconciles() ? 0 : 1;
    }

    private LayerCounts count(LakehouseQueries lakehouse, Set<String> acceptedIds) throws java.sql.SQLException {
        Map<String, Integer> copies = new HashMap<>();
        Set<String> githubIds = new HashSet<>();
        lakehouse.forEachRow("SELECT ingest_id, id FROM " + options.bronzeNamespace() + ".github_events", row -> {
            String ingestId = row.getString(1);
            if (acceptedIds.contains(ingestId)) {
                copies.merge(ingestId, 1, Integer::sum);
                githubIds.add(row.getString(2));
            }
        });
        Set<String> inSilver = new HashSet<>();
        long[] silverRows = {0};
        long[] silverRowsOfAccepted = {0};
        if (lakehouse.tableExists(options.silverNamespace(), "github_events")) {
            lakehouse.forEachRow("SELECT event_id FROM " + options.silverNamespace() + ".github_events", row -> {
                silverRows[0]++;
                String id = row.getString(1);
                if (githubIds.contains(id)) {
                    silverRowsOfAccepted[0]++;
                    inSilver.add(id);
                }
            });
        }
        GoldComparison gold = GoldComparison.of(lakehouse, options);
        Set<String> rejected = new HashSet<>();
        if (lakehouse.tableExists(options.silverNamespace(), "github_events_rejected")) {
            lakehouse.forEachRow(
                    "SELECT ingest_id, event_id FROM " + options.silverNamespace() + ".github_events_rejected", row -> {
                        if (acceptedIds.contains(row.getString(1)) && row.getString(2) != null) {
                            rejected.add(row.getString(2));
                        }
                    });
        }
        long missing =
                acceptedIds.stream().filter(id -> !copies.containsKey(id)).count();
        long duplicated = copies.values().stream().filter(n -> n > 1).count();
        long unexplained = githubIds.stream()
                .filter(id -> !inSilver.contains(id) && !rejected.contains(id))
                .count();
        List<String> sample = githubIds.stream()
                .filter(id -> !inSilver.contains(id) && !rejected.contains(id))
                .limit(5)
                .toList();
        return new LayerCounts(
                acceptedIds.size(),
                copies.size(),
                missing,
                duplicated,
                githubIds.size(),
                inSilver.size(),
                rejected.size(),
                unexplained,
                sample,
                silverRows[0],
                silverRowsOfAccepted[0] - inSilver.size(),
                gold.built(),
                gold.mismatches().size(),
                gold.mismatches().stream().limit(5).toList());
    }
}

package dev.descheduler.cli.layers;

import java.util.List;

/**
 * How accepted events reconcile across the layers.
 *
 * @param accepted ingest ids the collector acknowledged
 * @param inBronze of those, found in Bronze
 * @param missingFromBronze accepted but not (yet) in Bronze
 * @param duplicatedInBronze accepted ingest ids with more than one Bronze row (a batch replayed after Kafka had it)
 * @param githubIds distinct GitHub event ids among the accepted events in Bronze; fewer than inBronze means re-sent
 *     events (the same GitHub event accepted more than once)
 * @param inSilver of those, with their Silver row
 * @param rejected of those, rejected by Silver with a reason
 * @param unexplained GitHub ids neither in Silver nor rejected
 * @param unexplainedSample up to five of them, to trace
 * @param silverRows all Silver rows, this run's or not
 * @param duplicatedInSilver Silver rows of those GitHub ids beyond one per id (Silver must hold each event once)
 * @param goldBuilt whether Gold's hourly event facts exist (Gold is built by dbt after Silver)
 * @param goldMismatches (event type, day) groups whose events in Gold differ from Silver's, all rows counted
 * @param goldMismatchSample up to five of them, as {@code type day: silver -> gold}
 */
record LayerCounts(
        long accepted,
        long inBronze,
        long missingFromBronze,
        long duplicatedInBronze,
        long githubIds,
        long inSilver,
        long rejected,
        long unexplained,
        List<String> unexplainedSample,
        long silverRows,
        long duplicatedInSilver,
        boolean goldBuilt,
        long goldMismatches,
        List<String> goldMismatchSample) {

    boolean reconciles() {
        return missingFromBronze == 0
                && duplicatedInBronze == 0
                && unexplained == 0
                && duplicatedInSilver == 0
                && goldMismatches == 0;
    }

    String describe() {
        return String.format(
                "accepted %,d -> Bronze %,d (missing %,d, duplicated %,d) -> %,d distinct GitHub events"
                        + " (%,d re-sent copies) -> Silver %,d + rejected %,d, unexplained %,d%s; Silver holds %,d rows"
                        + " in all (%,d duplicated); %s -> %s",
                accepted,
                inBronze,
                missingFromBronze,
                duplicatedInBronze,
                githubIds,
                inBronze - githubIds,
                inSilver,
                rejected,
                unexplained,
                unexplainedSample.isEmpty() ? "" : " e.g. " + unexplainedSample,
                silverRows,
                duplicatedInSilver,
                goldBuilt
                        ? String.format(
                                "Gold events per type and day %s",
                                goldMismatches == 0
                                        ? "= Silver"
                                        : "differ from Silver in " + goldMismatches + " groups, e.g. "
                                                + goldMismatchSample)
                        : "Gold not built yet",
                reconciles() ? "RECONCILED" : "NOT RECONCILED");
    }

    String toJson() {
        return "{\"accepted\":" + accepted + ",\"in_bronze\":" + inBronze + ",\"missing_from_bronze\":"
                + missingFromBronze + ",\"duplicated_in_bronze\":" + duplicatedInBronze + ",\"github_ids\":"
                + githubIds + ",\"resent_copies\":" + (inBronze - githubIds) + ",\"in_silver\":" + inSilver
                + ",\"rejected\":" + rejected + ",\"unexplained\":" + unexplained + ",\"silver_rows\":" + silverRows
                + ",\"duplicated_in_silver\":" + duplicatedInSilver + ",\"gold_built\":" + goldBuilt
                + ",\"gold_mismatches\":" + goldMismatches + ",\"reconciled\":" + reconciles() + "}";
    }
}

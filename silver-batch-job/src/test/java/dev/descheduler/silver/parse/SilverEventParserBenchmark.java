package dev.descheduler.silver.parse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Parser-only throughput on the real GH Archive sample, on one thread: the rows are built up front so only
 * {@link SilverEventParser#parse} is timed. Prints the median of several rounds; asserts nothing (a benchmark, not a
 * test). Public only because exec:java needs it.
 *
 * <pre>
 * mvn -B -ntp -f silver-batch-job/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.descheduler.silver.parse.SilverEventParserBenchmark -Dgharchive.data.dir=../shared/data
 * </pre>
 */
public final class SilverEventParserBenchmark {

    private static final int WARM_UP_ROUNDS = 3;
    private static final int MEASURED_ROUNDS = 7;

    private SilverEventParserBenchmark() {}

    public static void main(String[] args) {
        List<BronzeEventRow> rows = new ArrayList<>();
        for (Path file : GhArchiveEvents.files()) {
            try (Stream<String> lines = GhArchiveEvents.lines(file)) {
                lines.map(GhArchiveEvents::tree).map(GhArchiveEvents::toRow).forEach(rows::add);
            }
        }
        long payloadChars = rows.stream().mapToLong(r -> r.payload().length()).sum();
        SilverEventParser parser = new SilverEventParser();

        double[] eventsPerSecond = new double[MEASURED_ROUNDS];
        for (int round = -WARM_UP_ROUNDS; round < MEASURED_ROUNDS; round++) {
            long rejected = 0;
            long start = System.nanoTime();
            for (BronzeEventRow row : rows) {
                if (parser.parse(row) instanceof Rejection) {
                    rejected++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (round >= 0) {
                eventsPerSecond[round] = rows.size() / seconds;
            }
            System.out.printf(
                    "round %d: %,d events (%,d rejected) in %.3f s = %,.0f events/s%n",
                    round, rows.size(), rejected, seconds, rows.size() / seconds);
        }
        Arrays.sort(eventsPerSecond);
        double median = eventsPerSecond[MEASURED_ROUNDS / 2];
        System.out.printf(
                "median of %d rounds: %,.0f events/s, %,.0f payload MB/s (%,d events, %,d payload chars), 1 thread, %d cores%n",
                MEASURED_ROUNDS,
                median,
                median * payloadChars / rows.size() / 1e6,
                rows.size(),
                payloadChars,
                Runtime.getRuntime().availableProcessors());
    }
}

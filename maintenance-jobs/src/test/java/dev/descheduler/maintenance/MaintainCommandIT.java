package dev.descheduler.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descheduler.events.GhArchiveSample;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import dev.descheduler.silver.SilverBatchJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code make maintain}, as an operator runs it: make, scripts/spark-job.sh, the job in its own JVM with the module's
 * jar and classpath files, against the test's own stack (free ports, not the default ones). Every preset ends with
 * exit code 0 and a JSON report; a failing task ends with a non-zero exit code and says why.
 */
@ExtendWith(SharedLakehouseExtension.class)
class MaintainCommandIT {

    private static final String PREFIX = "command";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SharedLakehouse lake;

    @BeforeAll
    static void buildEveryLayer(SharedLakehouse shared) throws Exception {
        lake = shared;
        SparkSession spark = lake.spark();
        LakehouseSettings settings = lake.settings(PREFIX);
        new LakehouseCatalog(spark, settings).ensure(BronzeTables.all());
        BronzeRows bronze = new BronzeRows(spark, settings);
        List<String> events = GhArchiveSample.hour(1);
        Instant yesterday = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1));
        bronze.appendInSmallCommits(events.subList(0, 600), yesterday, 6);
        SilverBatchJob.run(spark, settings);
        String gold = settings.catalog() + "." + PREFIX + "_gold";
        spark.sql("CREATE NAMESPACE IF NOT EXISTS " + gold);
        spark.sql("CREATE TABLE " + gold + ".fct_repo_events USING iceberg AS SELECT repo_id, count(*) AS events FROM "
                + settings.catalog() + "." + PREFIX + "_silver.github_events GROUP BY repo_id");
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void everyPresetRunsEndToEnd(Preset preset) throws Exception {
        Result result = make("PRESET=" + preset.label());

        assertThat(result.exitCode).as(result.describe()).isZero();
        JsonNode report = result.report();
        assertThat(report.get("selection").asText()).isEqualTo(preset.label());
        assertThat(report.get("mode").asText()).isEqualTo("apply");
        List<String> tasks = new ArrayList<>();
        for (JsonNode task : report.get("tasks")) {
            tasks.add(task.get("task").asText());
            assertThat(task.get("status").asText()).as(task.toString()).isIn("done", "skipped");
            assertThat(task.get("table").asText())
                    .contains(PREFIX + "_" + preset.layer().name().toLowerCase());
        }
        assertThat(tasks).containsAll(preset.tasks()).isNotEmpty();
    }

    @Test
    void aDryRunSaysWhatItWouldDoAndChangesNothing() throws Exception {
        String table = lake.settings(PREFIX).catalog() + "." + PREFIX + "_bronze.github_events";
        long snapshotsBefore = lake.spark().table(table + ".snapshots").count();

        Result result = make(
                "TABLE=" + PREFIX + "_bronze.github_events", "TASKS=expire_snapshots,rewrite_manifests", "DRY_RUN=1");

        assertThat(result.exitCode).as(result.describe()).isZero();
        assertThat(result.report().get("mode").asText()).isEqualTo("dry_run");
        for (JsonNode task : result.report().get("tasks")) {
            assertThat(task.get("status").asText()).as(task.toString()).isIn("dry_run", "skipped");
        }
        assertThat(lake.spark().table(table + ".snapshots").count()).isEqualTo(snapshotsBefore);
    }

    @Test
    void aFailedTaskEndsWithANonZeroExitAndTheReason() throws Exception {
        Result result = make("TABLE=" + PREFIX + "_bronze.no_such_table", "TASKS=expire_snapshots");

        assertThat(result.exitCode).as(result.describe()).isNotZero();
        assertThat(result.report().get("tasks").get(0).get("status").asText()).isEqualTo("failed");
        assertThat(result.stderr)
                .contains("expire_snapshots on ")
                .contains("no_such_table")
                .contains("failed");
    }

    private static Result make(String... variables) throws IOException, InterruptedException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "make-maintain-");
        List<String> command = new ArrayList<>(List.of("make", "-s", "--no-print-directory", "maintain"));
        command.addAll(List.of(variables));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        Map<String, String> env = builder.environment();
        env.putAll(lake.env(PREFIX));
        // the launcher reads a running `make up` stack's addresses from DATA_DIR: point it at an empty folder
        env.put("DATA_DIR", dir.resolve("data").toString());
        env.put("SPARK_DRIVER_MEMORY", "768m");
        env.put("SPARK_MASTER", "local[1]");
        Process process = builder.start();
        // generous: one run took over 5 minutes while the 2-core machine ran at a load average of ~50
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(
                    "make maintain did not finish in 15 minutes: " + Files.readString(dir.resolve("stderr")));
        }
        return new Result(
                process.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
    }

    private record Result(int exitCode, String stdout, String stderr) {

        JsonNode report() throws IOException {
            String last = stdout.lines()
                    .filter(l -> l.startsWith("{"))
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no JSON report on stdout: " + describe()));
            return JSON.readTree(last);
        }

        String describe() {
            String tail = stderr.length() > 4000 ? stderr.substring(stderr.length() - 4000) : stderr;
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr (tail):\n" + tail;
        }
    }
}

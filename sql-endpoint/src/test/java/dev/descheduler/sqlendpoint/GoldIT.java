package dev.descheduler.sqlendpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descheduler.events.GhArchiveSample;
import dev.descheduler.lakehouse.Environment;
import dev.descheduler.lakehouse.LakehouseSession;
import dev.descheduler.lakehouse.LakehouseSettings;
import dev.descheduler.lakehouse.table.BronzeTables;
import dev.descheduler.lakehouse.table.LakehouseCatalog;
import dev.descheduler.localstack.LocalStack;
import dev.descheduler.localstack.LocalStackExtension;
import dev.descheduler.localstack.LocalStackServers;
import dev.descheduler.silver.BronzeFixture;
import dev.descheduler.silver.SilverBatchJob;
import dev.descheduler.silver.SilverRunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gold built by dbt through the real SQL endpoint, over a Silver that the Silver job built from real GH Archive
 * events landed in Bronze. The tests build on each other in order, as a deployment's runs do: a first build, a new
 * day, a late batch for the first day, a run with nothing new; then the incremental tables are compared with a full
 * refresh of the same Silver, and dbt's tests run on them.
 *
 * <p>Days are made from the real sample by shifting events' timestamps and ids ({@link ShiftedEvents}), so the
 * windowed columns (7-day averages, cumulative totals, trending growth) span several days.
 */
@ExtendWith(LocalStackExtension.class)
@LocalStackServers({LocalStack.Server.S3, LocalStack.Server.POSTGRES})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldIT {

    static final List<String> MARTS = DbtProjectTest.MARTS;
    private static final List<String> INCREMENTAL_TABLES = java.util.stream.Stream.concat(
                    MARTS.stream(), java.util.stream.Stream.of("int_actor_days_aggregated"))
            .toList();
    private static final Instant FIRST_RECEIPT = Instant.parse("2026-11-02T08:00:00Z");
    private static final String DAY_ONE = "2015-01-01";
    private static final String DAY_TWO = "2015-01-02";

    private static SparkSession spark;
    private static LakehouseSettings settings;
    private static BronzeFixture bronze;
    private static SqlEndpointProcess endpoint;
    private static Connection jdbc;
    private static DbtProcess incremental;
    private static DbtProcess fullRefresh;
    private static List<String> hour0;

    @BeforeAll
    static void startStack(LocalStack stack) throws Exception {
        DbtProcess.requireVenv();
        hour0 = GhArchiveSample.hour(0);

        settings = LakehouseSettings.from(Environment.of(stack.env()));
        Map<String, String> conf = new HashMap<>(SilverBatchJob.SPARK_OVERRIDES);
        conf.put("spark.ui.enabled", "false");
        spark = LakehouseSession.create(settings, "gold-it", conf);
        new LakehouseCatalog(spark, settings).ensure(BronzeTables.all());
        bronze = new BronzeFixture(spark, settings);

        Path base = Files.createDirectories(Path.of("target/gold-it").toAbsolutePath());
        Path runDir = Files.createTempDirectory(base, "run-");
        Map<String, String> env = new HashMap<>(stack.env());
        String port = Integer.toString(SqlEndpointIT.freePort());
        env.put("SPARK_THRIFT_PORT", port);
        env.put("SQL_ENDPOINT_DATA_DIR", runDir.resolve("data").toString());
        endpoint = SqlEndpointProcess.start(
                env, Files.createDirectories(runDir.resolve("cwd")), runDir.resolve("endpoint.log"));
        String url = "jdbc:hive2://127.0.0.1:" + port + "/default";
        await("the SQL endpoint")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(endpoint.isAlive())
                            .as("endpoint exited:\n%s", endpoint.outputTail())
                            .isTrue();
                    return endpoint.output().contains("sql-endpoint ready: " + url);
                });
        jdbc = DriverManager.getConnection(url, "gold-it", "");

        incremental = new DbtProcess(dbtConnection(port, "gold"), runDir.resolve("dbt-incremental"));
        fullRefresh = new DbtProcess(dbtConnection(port, "gold_full"), runDir.resolve("dbt-full-refresh"));
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (jdbc != null) {
            jdbc.close();
        }
        if (endpoint != null && endpoint.isAlive()) {
            endpoint.kill();
        }
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    @Order(1)
    void aFirstBuildOnRealEventsPassesEveryDbtTestAndReconcilesWithSilver() throws Exception {
        buildSilver(hour0, FIRST_RECEIPT);

        incremental.run("build");

        Map<String, String> statuses = incremental.statuses();
        assertThat(statuses.keySet().stream().filter(id -> id.startsWith("model.")))
                .hasSizeGreaterThanOrEqualTo(MARTS.size() + 1);
        assertThat(statuses.keySet().stream().filter(id -> id.startsWith("test.") || id.startsWith("unit_test.")))
                .as("generic, singular and unit tests")
                .hasSizeGreaterThan(40);
        assertThat(statuses)
                .allSatisfy((id, status) -> assertThat(status).as(id).isIn("success", "pass"));
        assertGoldTypeTotalsEqualSilver("gold");
    }

    @Test
    @Order(2)
    void goldValuesMatchNumbersComputedFromTheRawJson() throws Exception {
        RawHour raw = RawHour.of(hour0);

        String starredRepo =
                raw.topBy("WatchEvent", e -> e.path("repo").path("id").asText());
        assertThat(single("SELECT stars FROM gold.fct_repo_daily_activity WHERE repo_id = " + starredRepo
                        + " AND activity_date = DATE'" + DAY_ONE + "'"))
                .as("stars of repository %s in the sample hour", starredRepo)
                .isEqualTo(raw.count(e -> e.path("type").asText().equals("WatchEvent")
                        && e.path("repo").path("id").asText().equals(starredRepo)));
        assertThat(single("SELECT distinct_contributors FROM gold.fct_repo_daily_activity WHERE repo_id = "
                        + starredRepo + " AND activity_date = DATE'" + DAY_ONE + "'"))
                .isEqualTo(raw.distinct(
                        e -> e.path("repo").path("id").asText().equals(starredRepo),
                        e -> e.path("actor").path("id").asText()));

        String pusher = raw.topBy("PushEvent", e -> e.path("actor").path("id").asText());
        long commits = raw.events().stream()
                .filter(e -> e.path("type").asText().equals("PushEvent")
                        && e.path("actor").path("id").asText().equals(pusher))
                .mapToLong(e -> e.path("payload").path("commits").size())
                .sum();
        assertThat(single("SELECT commits_pushed FROM gold.fct_user_daily_activity WHERE actor_id = " + pusher
                        + " AND activity_date = DATE'" + DAY_ONE + "'"))
                .as("commits pushed by actor %s", pusher)
                .isEqualTo(commits);

        for (String type : List.of("PushEvent", "WatchEvent", "CreateEvent", "IssueCommentEvent")) {
            assertThat(single("SELECT sum(events) FROM gold.fct_event_type_hourly WHERE event_type = '" + type + "'"))
                    .as("%s events in the hour", type)
                    .isEqualTo(raw.count(e -> e.path("type").asText().equals(type)));
        }

        JsonNode lastEventOfRepo = raw.events().stream()
                .filter(e -> e.path("repo").path("id").asText().equals(starredRepo))
                .max(Comparator.comparing((JsonNode e) -> e.path("created_at").asText())
                        .thenComparing(e -> Long.parseLong(e.path("id").asText())))
                .orElseThrow();
        assertThat(rows("SELECT repo_name FROM gold.dim_repos WHERE repo_id = " + starredRepo))
                .containsExactly(lastEventOfRepo.path("repo").path("name").asText());
    }

    @Test
    @Order(3)
    void aNewDayIsMergedIntoTheExistingMarts() throws Exception {
        buildSilver(dayTwo(), FIRST_RECEIPT.plusSeconds(86_400));
        Map<String, List<Long>> before = snapshots("gold");

        String output = incremental.run("run");

        Map<String, List<Long>> after = snapshots("gold");
        for (String mart : MARTS) {
            assertThat(after.get(mart))
                    .as("%s: the earlier snapshots stay and one new is committed on top of them", mart)
                    .startsWith(before.get(mart).toArray(Long[]::new))
                    .hasSize(before.get(mart).size() + 1);
            assertThat(Files.readString(runSql(mart)).toLowerCase())
                    .as("the SQL dbt ran for %s", mart)
                    .contains("merge into")
                    .doesNotContain("create or replace table");
        }
        assertThat(output).contains("rows to merge into");
        assertThat(single("SELECT count(*) FROM gold.fct_user_daily_activity WHERE activity_date = DATE'" + DAY_TWO
                        + "'"))
                .isPositive();
    }

    @Test
    @Order(4)
    void aLateBatchForTheFirstDayUpdatesThatDayAndTheDaysAfterIt() throws Exception {
        // events of 03:00 on the first day, with new ids, received after the second day was built; without the
        // pull requests the second day opens, which in the real timeline opened before these events closed them
        List<String> late =
                ShiftedEvents.withoutPullRequestsOf(ShiftedEvents.shift(GhArchiveSample.hour(3), 2, 0), dayTwo());
        long day1ActivityBefore = single(
                "SELECT sum(events) FROM gold.fct_user_daily_activity WHERE activity_date = DATE'" + DAY_ONE + "'");

        buildSilver(late, FIRST_RECEIPT.plusSeconds(2 * 86_400));
        incremental.run("run");

        assertThat(single("SELECT sum(events) FROM gold.fct_user_daily_activity WHERE activity_date = DATE'" + DAY_ONE
                        + "'"))
                .isEqualTo(day1ActivityBefore + late.size());
        assertThat(single("SELECT count(*) FROM gold.fct_event_type_hourly WHERE hour(event_hour) = 3"))
                .isPositive();
        assertGoldTypeTotalsEqualSilver("gold");
    }

    @Test
    @Order(5)
    void aRunWithNothingNewInSilverCommitsNoSnapshot() throws Exception {
        Map<String, List<Long>> before = snapshots("gold");

        String output = incremental.run("run");

        assertThat(snapshots("gold")).isEqualTo(before);
        assertThat(output).contains("MERGE skipped");
    }

    @Test
    @Order(6)
    void incrementalStepsGiveTheSameTablesAsAFullRefresh() throws Exception {
        fullRefresh.run("run", "--full-refresh");

        // the incremental intermediate table too: the user mart trusts it to hold every actor-day as a rebuild would
        for (String mart : INCREMENTAL_TABLES) {
            long rows = single("SELECT count(*) FROM gold." + mart);
            assertThat(rows).as("%s has rows", mart).isPositive();
            assertThat(single("SELECT count(*) FROM gold_full." + mart))
                    .as(mart)
                    .isEqualTo(rows);
            assertThat(single("SELECT count(*) FROM (SELECT * FROM gold." + mart
                            + " EXCEPT ALL SELECT * FROM gold_full." + mart + ")"))
                    .as("%s rows of the incremental build missing from the full refresh", mart)
                    .isZero();
            assertThat(single("SELECT count(*) FROM (SELECT * FROM gold_full." + mart
                            + " EXCEPT ALL SELECT * FROM gold." + mart + ")"))
                    .as("%s rows of the full refresh missing from the incremental build", mart)
                    .isZero();
        }
    }

    @Test
    @Order(7)
    void everyDbtTestPassesOnTheIncrementallyBuiltTables() throws Exception {
        incremental.run("test");

        assertThat(incremental.statuses())
                .isNotEmpty()
                .allSatisfy((id, status) -> assertThat(status).as(id).isEqualTo("pass"));
    }

    /** 01:00 of the sample, moved to the second day. */
    private static List<String> dayTwo() {
        return ShiftedEvents.shift(GhArchiveSample.hour(1), 1, 1);
    }

    private static void buildSilver(List<String> events, Instant receivedAt) throws Exception {
        bronze.land(events, receivedAt);
        SilverRunReport report = SilverBatchJob.run(spark, settings);
        assertThat(report.rejected()).as("rows Silver rejected").isZero();
        assertThat(report.inserted()).as("rows Silver inserted").isEqualTo(events.size());
    }

    private static void assertGoldTypeTotalsEqualSilver(String gold) throws SQLException {
        assertThat(rows("SELECT event_type, sum(events) FROM " + gold
                        + ".fct_event_type_hourly GROUP BY event_type ORDER BY event_type"))
                .isEqualTo(rows("SELECT event_type, count(*) FROM silver.github_events GROUP BY event_type"
                        + " ORDER BY event_type"));
    }

    /** Snapshot ids of every incremental table, oldest first. */
    private static Map<String, List<Long>> snapshots(String namespace) throws SQLException {
        Map<String, List<Long>> snapshots = new LinkedHashMap<>();
        for (String mart : INCREMENTAL_TABLES) {
            snapshots.put(
                    mart,
                    rows("SELECT snapshot_id FROM " + namespace + "." + mart + ".snapshots ORDER BY committed_at")
                            .stream()
                            .map(Long::valueOf)
                            .toList());
        }
        return snapshots;
    }

    private static Path runSql(String mart) {
        return incremental.targetDir().resolve("run/descheduler_gold/models/marts/" + mart + ".sql");
    }

    private static long single(String query) throws SQLException {
        List<String> rows = rows(query);
        assertThat(rows).as(query).hasSize(1);
        assertThat(rows.get(0)).as(query).isNotNull();
        return Long.parseLong(rows.get(0));
    }

    /** Each row as its columns joined by {@code |}. */
    private static List<String> rows(String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = jdbc.createStatement();
                ResultSet rs = statement.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                }
                rows.add(columns == 1 ? values.get(0) : String.join("|", values));
            }
        }
        return rows;
    }

    private static Map<String, String> dbtConnection(String port, String goldNamespace) {
        return Map.of("SPARK_THRIFT_PORT", port, "GOLD_NAMESPACE", goldNamespace, "SILVER_NAMESPACE", "silver");
    }

    /** One hour of the raw sample, read with Jackson alone: the independent side of the value checks. */
    private record RawHour(List<JsonNode> events) {

        static RawHour of(List<String> lines) throws IOException {
            ObjectMapper json = new ObjectMapper();
            Map<String, JsonNode> byId = new LinkedHashMap<>();
            for (String line : lines) {
                JsonNode event = json.readTree(line);
                byId.putIfAbsent(event.path("id").asText(), event);
            }
            return new RawHour(List.copyOf(byId.values()));
        }

        long count(Predicate<JsonNode> filter) {
            return events.stream().filter(filter).count();
        }

        long distinct(Predicate<JsonNode> filter, Function<JsonNode, String> key) {
            return events.stream().filter(filter).map(key).distinct().count();
        }

        /** The key with most events of the type (ties broken by key, so the pick is stable). */
        String topBy(String type, Function<JsonNode, String> key) {
            return events.stream()
                    .filter(e -> e.path("type").asText().equals(type))
                    .collect(Collectors.groupingBy(key, Collectors.counting()))
                    .entrySet()
                    .stream()
                    .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                    .orElseThrow()
                    .getKey();
        }
    }
}

package dev.descheduler.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The containers get the environment the embedded stack gives its processes (the same variable names), with
 * addresses that name compose services instead of this machine's loopback.
 */
class ServiceEnvironmentTest {

    /** The services that start a lakehouse Spark application (the Airflow scheduler runs Silver and maintenance). */
    private static final List<String> SPARK_APPLICATIONS =
            List.of("sql-endpoint", "bronze-stream", "silver", "maintenance", "airflow-scheduler");

    /**
     * Loopback addresses that are meant: the browser's address of Airflow's UI, and the listener Kafka advertises to
     * clients on the host.
     */
    private static final Set<String> HOST_FACING = Set.of("AIRFLOW__API__BASE_URL", "KAFKA_ADVERTISED_LISTENERS");

    private static final Pattern ADDRESS = Pattern.compile("(?:^|//|@|,|=)([a-z0-9][a-z0-9.-]*):(\\d{2,5})(?=[/,;]|$)");

    @Test
    void everySparkApplicationGetsEveryLakehouseSetting() throws IOException {
        Set<String> settings = lakehouseVariables();
        assertThat(settings).contains("ICEBERG_JDBC_URL", "MINIO_ENDPOINT", "SPARK_MASTER");
        for (String service : SPARK_APPLICATIONS) {
            assertThat(environment(service).keySet()).as(service).containsAll(settings);
            assertThat(environment(service))
                    .as(service)
                    .containsEntry("SPARK_MASTER", "spark://spark-master:7077")
                    .containsEntry("ICEBERG_JDBC_URL", "jdbc:postgresql://postgres:5432/iceberg")
                    .containsEntry("MINIO_ENDPOINT", "http://s3:9000")
                    // the drivers run in these containers: Spark's executors call them back by their service name
                    .containsEntry("SPARK_LOCAL_HOSTNAME", service);
        }
    }

    @Test
    void theCollectorAndTheBronzeStreamUseTheBrokersInternalListener() {
        String internal = environment("kafka").get("KAFKA_ADVERTISED_LISTENERS").toString();
        assertThat(internal).contains("INTERNAL://kafka:19092");
        assertThat(environment("collector")).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:19092");
        assertThat(environment("bronze-stream")).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:19092");
        // the journal and the fallback live on the collector's volume, not in the container's own layer
        assertThat(environment("collector"))
                .containsEntry("COLLECTOR_DATA_DIR", "/var/lib/collector")
                .containsEntry("KAFKA_FALLBACK_DIR", "/var/lib/collector/fallback");
        assertThat(Project.checks().services().get("collector").get("volumes").toString())
                .contains("collector-data:/var/lib/collector");
    }

    @Test
    void theAirflowComponentsShareOneConfiguration() {
        Map<String, Object> scheduler = environment("airflow-scheduler");
        for (String component : List.of("airflow-api-server", "airflow-dag-processor", "airflow-triggerer")) {
            Map<String, Object> other = environment(component);
            // one metadata database, one token key, one secret key: components that disagree reject each other
            for (String key : List.of(
                    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
                    "AIRFLOW__API_AUTH__JWT_SECRET",
                    "AIRFLOW__API__SECRET_KEY",
                    "AIRFLOW__CORE__EXECUTION_API_SERVER_URL")) {
                assertThat(other.get(key)).as(component + " " + key).isEqualTo(scheduler.get(key));
            }
        }
        assertThat(scheduler.get("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN").toString())
                .endsWith("@postgres:5432/airflow");
        assertThat(scheduler)
                .containsEntry("DBT_SPARK_HOST", "sql-endpoint")
                .containsEntry("BRONZE_STREAM_EXTERNAL", "true");
    }

    @Test
    void everyAddressNamesAComposeService() {
        assertThat(addressProblems(Project.checks())).isEmpty();
        String typo = Project.composeText()
                .replace("KAFKA_BOOTSTRAP_SERVERS: kafka:19092", "KAFKA_BOOTSTRAP_SERVERS: kafak:19092");
        assertThat(addressProblems(Project.checks(typo)))
                .contains("collector: KAFKA_BOOTSTRAP_SERVERS=kafak:19092 names kafak, which is not a service");
        String loopback = Project.composeText()
                .replace(
                        "DBT_SPARK_HOST: sql-endpoint",
                        "DBT_SPARK_HOST: sql-endpoint\n    DBT_URL: http://127.0.0.1:10000/x");
        assertThat(addressProblems(Project.checks(loopback))).anySatisfy(problem -> assertThat(problem)
                .contains("DBT_URL=http://127.0.0.1:10000/x points at the container itself"));
    }

    private static List<String> addressProblems(ComposeChecks checks) {
        List<String> problems = new ArrayList<>();
        checks.services().forEach((name, service) -> {
            if (!(service.get("environment") instanceof Map<?, ?> environment)) {
                return;
            }
            environment.forEach((key, value) -> {
                Matcher m = ADDRESS.matcher(String.valueOf(value));
                while (m.find()) {
                    String host = m.group(1);
                    String variable = key + "=" + value;
                    if (host.equals("localhost") || host.startsWith("127.")) {
                        if (!HOST_FACING.contains(key.toString())) {
                            problems.add(name + ": " + variable + " points at the container itself");
                        }
                    } else if (!checks.services().containsKey(host) && !host.equals("0.0.0.0")) {
                        problems.add(name + ": " + variable + " names " + host + ", which is not a service");
                    }
                }
            });
        });
        return problems;
    }

    /** The variables LakehouseSettings reads (its from(Environment) method), so a new one cannot be forgotten here. */
    private static Set<String> lakehouseVariables() throws IOException {
        String source = Files.readString(
                Project.ROOT.resolve("lakehouse-spark/src/main/java/dev/descheduler/lakehouse/LakehouseSettings.java"));
        int start = source.indexOf("public static LakehouseSettings from(Environment env)");
        assertThat(start).as("LakehouseSettings.from(Environment)").isNotNegative();
        String body = source.substring(start, source.indexOf("\n    }", start));
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("env\\.\\w+\\(\\s*\"([A-Z_]+)\"").matcher(body);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        Object environment = Project.compose().services().get(service).get("environment");
        assertThat(environment).as(service + " has an environment mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) environment;
    }
}

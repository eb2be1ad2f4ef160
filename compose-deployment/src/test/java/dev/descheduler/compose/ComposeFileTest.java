package dev.descheduler.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the Compose Specification cannot see, held against the repository. Each check also meets a broken copy of the
 * file, so a check that stopped looking would fail here.
 */
class ComposeFileTest {

    /** DESIGN.md's default host ports, and the Spark master's UI beside Airflow's 8080. */
    private static final Map<String, Integer> DESIGN_PORTS = Map.ofEntries(
            Map.entry("collector", 8000),
            Map.entry("kafka", 9092),
            Map.entry("s3", 9000),
            Map.entry("postgres", 5432),
            Map.entry("sql-endpoint", 10000),
            Map.entry("airflow-api-server", 8080),
            Map.entry("prometheus", 9090),
            Map.entry("pushgateway", 9091),
            Map.entry("grafana", 3000),
            Map.entry("jupyter", 8888),
            Map.entry("spark-master", 8081));

    @Test
    void runsEveryServiceOfTheDesign() {
        assertThat(Project.compose().services().keySet())
                .contains(
                        "kafka",
                        "s3",
                        "postgres",
                        "spark-master",
                        "spark-worker",
                        "sql-endpoint",
                        "collector",
                        "bronze-stream",
                        "airflow-init",
                        "airflow-api-server",
                        "airflow-scheduler",
                        "airflow-dag-processor",
                        "airflow-triggerer",
                        "prometheus",
                        "pushgateway",
                        "statsd-exporter",
                        "grafana",
                        "jupyter");
    }

    @Test
    void everyBuildContextAndDockerfileExists() {
        assertThat(Project.checks().missingBuildFiles()).isEmpty();
        String broken =
                Project.composeText().replace("dockerfile: sql-endpoint/Dockerfile", "dockerfile: sql/Dockerfile");
        assertThat(Project.checks(broken).missingBuildFiles())
                .containsExactly("sql-endpoint: sql/Dockerfile does not exist in .");
    }

    @Test
    void everyBindMountedPathExistsInTheRepository() {
        assertThat(Project.checks().missingBindMountSources()).isEmpty();
        String broken =
                Project.composeText().replace("./monitoring/prometheus/rules:", "./monitoring/prometheus/rule:");
        assertThat(Project.checks(broken).missingBindMountSources())
                .containsExactly("prometheus: bind mount ./monitoring/prometheus/rule -> /etc/prometheus/rules does not"
                        + " exist in the repository");
    }

    @Test
    void everyDependencyNamesAServiceAndWaitsOnlyForHealthThatIsChecked() {
        assertThat(Project.checks().badDependencies()).isEmpty();
        String typo = Project.composeText()
                .replace(
                        "      sql-endpoint:\n        condition: service_healthy\n      pushgateway:",
                        "      sql-endpoints:\n        condition: service_healthy\n      pushgateway:");
        assertThat(Project.checks(typo).badDependencies())
                .containsExactly("airflow-scheduler: depends_on sql-endpoints, which is not a service of this file");
    }

    @Test
    void dependenciesWaitForHealthNotJustForTheStart() {
        String started = Project.composeText()
                .replace(
                        "      kafka:\n        condition: service_healthy\n      s3:",
                        "      kafka:\n        condition: service_started\n      s3:");
        assertThat(Project.checks(started).badDependencies())
                .containsExactly("collector: depends_on kafka with service_started (wait for service_healthy, or"
                        + " service_completed_successfully for a one-shot job)");
    }

    @Test
    void dataLivesInDeclaredNamedVolumes() {
        Set<String> withData = Set.of(
                "kafka", "s3", "postgres", "collector", "prometheus", "pushgateway", "grafana", "airflow-scheduler");
        assertThat(Project.checks().volumeProblems(withData)).isEmpty();
        String undeclared = Project.composeText().replace("\n  s3-data:\n", "\n");
        assertThat(Project.checks(undeclared).volumeProblems(withData))
                .containsExactly("s3: mounts volume s3-data, which the file does not declare");
        String scratch = Project.composeText().replace("      - kafka-data:/var/lib/kafka/data\n", "");
        assertThat(Project.checks(scratch).volumeProblems(withData))
                .containsExactly("kafka keeps data but mounts no named volume: a new container would start empty");
    }

    @Test
    void everyVariableIsListedInEnvExample() {
        assertThat(Project.checks().variablesMissingFromEnvExample()).isEmpty();
        String broken = Project.composeText().replace("${GRAFANA_PORT:-3000}", "${GRAFANA_HTTP_PORT:-3000}");
        assertThat(Project.checks(broken).variablesMissingFromEnvExample())
                .containsExactly("${GRAFANA_HTTP_PORT} is used by docker-compose.yaml but not listed in .env.example");
    }

    @Test
    void everyImageIsPinnedAndNoneIsLatest() {
        assertThat(Project.checks().unpinnedImages()).isEmpty();
        String latest =
                Project.composeText().replace("image: prom/pushgateway:v1.11.3", "image: prom/pushgateway:latest");
        assertThat(Project.checks(latest).unpinnedImages())
                .containsExactly("pushgateway: image prom/pushgateway:latest uses latest");
        String untagged = Project.composeText().replace("image: prom/pushgateway:v1.11.3", "image: prom/pushgateway");
        assertThat(Project.checks(untagged).unpinnedImages())
                .containsExactly("pushgateway: image prom/pushgateway has no tag: it floats with latest");
        assertThat(ComposeChecks.pinningProblem("localhost:5000/app")).contains("no tag");
        assertThat(ComposeChecks.pinningProblem("postgres@sha256:" + "a".repeat(64)))
                .isNull();
    }

    @Test
    void hostPortsAreUniqueAndDesignsDefaults() {
        ComposeChecks checks = Project.checks();
        assertThat(checks.duplicateHostPorts()).isEmpty();
        DESIGN_PORTS.forEach((service, port) ->
                assertThat(checks.hostPorts().get(service)).as(service).containsExactly(port));
        String clash = Project.composeText().replace("${GRAFANA_PORT:-3000}:3000", "${AIRFLOW_PORT:-8080}:3000");
        assertThat(Project.checks(clash).duplicateHostPorts())
                .containsExactly("host port 8080 is published by both airflow-api-server and grafana");
    }

    @Test
    void everyServiceButTheOneShotJobsHasAHealthcheck() {
        ComposeChecks checks = Project.checks();
        assertThat(checks.oneShotServices()).containsExactly("airflow-init", "maintenance", "silver");
        assertThat(checks.servicesWithoutHealthcheck()).isEmpty();
        String broken = Project.composeText()
                .replace(
                        "    healthcheck:\n      test: [\"CMD\", \"wget\", \"-q\", \"-O\", \"/dev/null\", \"http://127.0.0.1:9091/-/ready\"]",
                        "    labels:\n      test: none");
        assertThat(Project.checks(broken).servicesWithoutHealthcheck())
                .containsExactly("pushgateway runs for good but has no healthcheck");
    }

    @Test
    void everySecretIsRequiredAndEnvExampleGivesAPlaceholderForIt() {
        ComposeChecks checks = Project.checks();
        assertThat(checks.unguardedSecrets()).isEmpty();
        assertThat(checks.requiredSecrets())
                .contains(
                        "AIRFLOW_ADMIN_PASSWORD",
                        "AIRFLOW_DB_PASSWORD",
                        "AIRFLOW_JWT_SECRET",
                        "AIRFLOW_API_SECRET_KEY",
                        "GRAFANA_ADMIN_PASSWORD",
                        "ICEBERG_JDBC_PASSWORD",
                        "JUPYTER_TOKEN",
                        "MINIO_ROOT_PASSWORD");
        checks.requiredSecrets()
                .forEach(secret ->
                        assertThat(Project.envExample().get(secret)).as(secret).isNotBlank());
        String defaulted = Project.composeText()
                .replace(
                        "${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD in .env}",
                        "${GRAFANA_ADMIN_PASSWORD:-admin}");
        assertThat(Project.checks(defaulted).unguardedSecrets())
                .containsExactly("secret ${GRAFANA_ADMIN_PASSWORD} is used without :? (it would default to 'admin'):"
                        + " write ${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD in .env}");
    }

    @Test
    void theReadmeNamesEverySecretToSet() throws IOException {
        String readme = Files.readString(Project.ROOT.resolve("README.md"));
        int section = readme.indexOf("## Run it on Docker Compose");
        assertThat(section).as("README section 'Run it on Docker Compose'").isNotNegative();
        String text = readme.substring(section, readme.indexOf("\n## ", section + 1));
        Project.checks()
                .requiredSecrets()
                .forEach(secret -> assertThat(text).as(secret).contains("`" + secret + "`"));
    }

    @Test
    void aMissingSecretStopsComposeWithTheVariablesName() {
        for (String secret : Project.checks().requiredSecrets()) {
            Map<String, String> env = new HashMap<>(Project.envExample());
            env.remove(secret);
            assertThatThrownBy(() -> ComposeFile.parse(Project.composeText(), env))
                    .as(secret)
                    .isInstanceOf(MissingVariableException.class)
                    .hasMessageContaining("set " + secret + " in .env");
            env.put(secret, "");
            assertThatThrownBy(() -> ComposeFile.parse(Project.composeText(), env))
                    .as(secret + " empty")
                    .isInstanceOf(MissingVariableException.class);
        }
    }

    @Test
    void airflowRunsTheDagsOfThisRepository() {
        ComposeChecks checks = Project.checks();
        List<String> airflow = checks.services().keySet().stream()
                .filter(name -> name.startsWith("airflow-"))
                .toList();
        assertThat(airflow).hasSize(5);
        for (String service : airflow) {
            Map<String, Object> environment = environment(checks, service);
            assertThat(checks.bindMounts().get(service))
                    .as(service)
                    .containsEntry(
                            "./airflow/dags",
                            environment.get("AIRFLOW__CORE__DAGS_FOLDER").toString());
        }
        assertThat(Project.ROOT.resolve("airflow/dags/github_events_pipeline.py"))
                .isRegularFile();
    }

    @Test
    void grafanaLoadsTheProvisioningAndDashboardsOfMonitoring() throws IOException {
        Map<String, String> mounts = Project.checks().bindMounts().get("grafana");
        assertThat(mounts).containsEntry("./monitoring/grafana/provisioning", "/etc/grafana/provisioning");
        // the dashboards go where the dashboards provider of monitoring/grafana/provisioning reads them
        String provider =
                Files.readString(Project.ROOT.resolve("monitoring/grafana/provisioning/dashboards/dashboards.yml"));
        Matcher path = Pattern.compile("path:\\s*(\\S+)").matcher(provider);
        assertThat(path.find()).as("a path in dashboards.yml").isTrue();
        assertThat(mounts).containsEntry("./monitoring/grafana/dashboards", path.group(1));
        assertThat(Files.list(Project.ROOT.resolve("monitoring/grafana/dashboards")))
                .anySatisfy(file -> assertThat(file.toString()).endsWith(".json"));
    }

    @Test
    void prometheusScrapesEveryJobOfItsConfigurationAtAComposeService() throws IOException {
        ComposeChecks checks = Project.checks();
        assertThat(checks.bindMounts().get("prometheus"))
                .containsEntry("./monitoring/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml")
                .containsEntry("./monitoring/compose/targets", "/etc/prometheus/targets");
        String config = Files.readString(Project.ROOT.resolve("monitoring/prometheus/prometheus.yml"));
        Matcher files = Pattern.compile("files: \\[targets/([a-z-]+\\.json)]").matcher(config);
        int jobs = 0;
        while (files.find()) {
            jobs++;
            String targets = Files.readString(
                    Project.ROOT.resolve("monitoring/compose/targets").resolve(files.group(1)));
            Matcher target = Pattern.compile("\"([a-z-]+):(\\d+)\"").matcher(targets);
            assertThat(target.find()).as(files.group(1) + " names a target").isTrue();
            assertThat(checks.services()).as(files.group(1)).containsKey(target.group(1));
        }
        assertThat(jobs).isEqualTo(5);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(ComposeChecks checks, String service) {
        return (Map<String, Object>) checks.services().get(service).get("environment");
    }
}

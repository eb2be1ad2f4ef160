package dev.descheduler.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each Dockerfile the compose file builds, checked statically: nothing is built here. */
class DockerfileTest {

    /** The Java images and the main class each must start; the Airflow and Jupyter images start no Java main. */
    private static final Map<String, String> MAIN_CLASSES = Map.of(
            "collector-service/Dockerfile", "dev.descheduler.collector.CollectorApplication",
            "bronze-streaming-job/Dockerfile", "dev.descheduler.bronze.BronzeStreamingJob",
            "silver-batch-job/Dockerfile", "dev.descheduler.silver.SilverBatchJob",
            "maintenance-jobs/Dockerfile", "dev.descheduler.maintenance.MaintenanceJob",
            "sql-endpoint/Dockerfile", "dev.descheduler.sqlendpoint.SqlEndpoint");

    static Stream<Path> dockerfiles() {
        return Project.checks().dockerfiles().stream();
    }

    @Test
    void composeBuildsEveryModulesDockerfile() {
        Set<Path> built = Project.checks().dockerfiles();
        assertThat(built.stream().map(p -> Project.ROOT.relativize(p).toString()))
                .containsExactlyInAnyOrder(
                        "collector-service/Dockerfile",
                        "bronze-streaming-job/Dockerfile",
                        "silver-batch-job/Dockerfile",
                        "maintenance-jobs/Dockerfile",
                        "sql-endpoint/Dockerfile",
                        "airflow/Dockerfile",
                        "compose-deployment/jupyter/Dockerfile");
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void baseImagesArePinned(Path file) {
        assertThat(DockerfileChecks.of(Project.ROOT, file).unpinnedBaseImages()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void theJarsItCopiesAreTheOnesMavenBuilds(Path file) {
        DockerfileChecks checks = DockerfileChecks.of(Project.ROOT, file);
        assertThat(checks.jarPathsMavenDoesNotProduce()).isEmpty();
        String name = Project.ROOT.relativize(file).toString();
        if (MAIN_CLASSES.containsKey(name) || name.startsWith("airflow/")) {
            assertThat(checks.moduleJars())
                    .as(name + " names the jars it ships")
                    .isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void theEntryPointStartsAMainClassOfTheModule(Path file) {
        DockerfileChecks checks = DockerfileChecks.of(Project.ROOT, file);
        assertThat(checks.missingMainClasses()).isEmpty();
        String name = Project.ROOT.relativize(file).toString();
        String expected = MAIN_CLASSES.get(name);
        if (expected != null) {
            assertThat(checks.startedMainClasses()).containsExactly(expected);
            // the class belongs to the module the Dockerfile sits in (the jar it ships)
            assertThat(checks.sourceOf(expected))
                    .hasValueSatisfying(source -> assertThat(source).startsWith(file.getParent()));
        } else {
            assertThat(checks.startedMainClasses()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void theImageRunsAsANonRootUser(Path file) {
        assertThat(DockerfileChecks.of(Project.ROOT, file).runtimeRunsAsRoot()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dockerfiles")
    void buildsFromTheRepositoryRootWithTheIgnoreFileThatKeepsItSmall(Path file) throws Exception {
        assertThat(file).isRegularFile();
        String ignore = Files.readString(Project.ROOT.resolve(".dockerignore"));
        // build output and secrets never reach an image
        assertThat(ignore.lines()).contains("**/target", ".git", ".env", ".venv*", ".data");
    }

    @Test
    void aFloatingBaseImageIsFound() {
        String text = read("collector-service/Dockerfile")
                .replace("FROM eclipse-temurin:17.0.18_8-jre-jammy", "FROM eclipse-temurin:latest");
        assertThat(checks("collector-service/Dockerfile", text).unpinnedBaseImages())
                .containsExactly("collector-service/Dockerfile: FROM image eclipse-temurin:latest uses latest");
        String untagged = read("airflow/Dockerfile")
                .replace("AS spark", "AS sparkdist")
                .replace(
                        "FROM apache/spark:3.5.9-scala2.12-java17-ubuntu AS sparkdist",
                        "FROM apache/spark AS sparkdist");
        assertThat(checks("airflow/Dockerfile", untagged).unpinnedBaseImages())
                .anySatisfy(problem -> assertThat(problem).contains("apache/spark has no tag"))
                // COPY --from=spark now names an image, not a stage: it floats as well
                .anySatisfy(problem -> assertThat(problem).contains("COPY --from"));
    }

    @Test
    void aJarPathMavenDoesNotWriteIsFound() {
        String text = read("sql-endpoint/Dockerfile")
                .replace(
                        "/staged/opt/descheduler/sql-endpoint/target/sql-endpoint.jar",
                        "/staged/opt/descheduler/sql-endpoint/target/sql-endpoint-0.1.0.jar");
        assertThat(checks("sql-endpoint/Dockerfile", text).jarPathsMavenDoesNotProduce())
                .containsExactly("sql-endpoint/Dockerfile: names sql-endpoint/target/sql-endpoint-0.1.0.jar, but Maven"
                        + " builds sql-endpoint/target/sql-endpoint.jar");
    }

    @Test
    void aMainClassThatDoesNotExistIsFound() {
        String text = read("silver-batch-job/Dockerfile").replace("SilverBatchJob\"]", "SilverJob\"]");
        assertThat(checks("silver-batch-job/Dockerfile", text).missingMainClasses())
                .containsExactly("silver-batch-job/Dockerfile: starts dev.descheduler.silver.SilverJob, which no"
                        + " module's src/main/java holds");
    }

    @Test
    void anImageRunningAsRootIsFound() {
        String withoutUser = read("collector-service/Dockerfile").replace("USER collector\n", "");
        assertThat(checks("collector-service/Dockerfile", withoutUser).runtimeRunsAsRoot())
                .containsExactly("collector-service/Dockerfile: the runtime stage sets no USER (it runs as its base"
                        + " image's user, often root)");
        String root = read("collector-service/Dockerfile").replace("USER collector\n", "USER root\n");
        assertThat(checks("collector-service/Dockerfile", root).runtimeRunsAsRoot())
                .containsExactly("collector-service/Dockerfile: the runtime stage runs as root");
    }

    @Test
    void continuationLinesAndStagesAreReadAsDockerReadsThem() {
        Dockerfile dockerfile = Dockerfile.parse(String.join(
                "\n",
                "ARG V=1",
                "FROM a:1 AS build",
                "RUN one \\",
                "  # a comment inside",
                "  two",
                "FROM b:2",
                "USER app",
                "ENTRYPOINT [\"x\", \\",
                "  \"y\"]"));
        assertThat(dockerfile.stages()).extracting(Dockerfile.Stage::base).containsExactly("a:1", "b:2");
        assertThat(dockerfile.stages().get(0).all("RUN"))
                .extracting(Dockerfile.Instruction::arguments)
                .containsExactly("one  two");
        assertThat(dockerfile.runtime().user()).isEqualTo("app");
        assertThat(dockerfile.runtime().all("ENTRYPOINT").get(0).arguments()).isEqualTo("[\"x\",  \"y\"]");
        assertThatThrownBy(() -> Dockerfile.parse("RUN x")).hasMessage("line 1: RUN before the first FROM");
    }

    private static DockerfileChecks checks(String name, String text) {
        return new DockerfileChecks(Project.ROOT, Project.ROOT.resolve(name), text);
    }

    private static String read(String name) {
        try {
            return Files.readString(Project.ROOT.resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package dev.descheduler.sqlendpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * dbt from the repository's {@code .venv-dbt} on {@code dbt_project/}, as a real process, the way {@code make gold}
 * runs it. Each instance has its own target folder, so dbt's partial parsing survives from one run to the next.
 */
final class DbtProcess {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DBT = ROOT.resolve(".venv-dbt/bin/dbt");

    private final Map<String, String> env = new HashMap<>();
    private final Path targetDir;

    DbtProcess(Map<String, String> connection, Path targetDir) {
        this.targetDir = targetDir;
        env.putAll(connection);
        env.put("DBT_PROJECT_DIR", ROOT.resolve("dbt_project").toString());
        env.put("DBT_PROFILES_DIR", ROOT.resolve("dbt_project").toString());
        env.put("DBT_TARGET_PATH", targetDir.toString());
        env.put("DBT_LOG_PATH", targetDir.resolve("logs").toString());
        env.put("DBT_SEND_ANONYMOUS_USAGE_STATS", "False");
        env.put("DBT_VERSION_CHECK", "False");
    }

    static void requireVenv() {
        assertThat(DBT)
                .as("dbt's virtual environment: create it with `make dbt-venv` (make test does)")
                .isExecutable();
    }

    /** The run's output; fails the test with it when dbt exits non-zero. */
    String run(String... args) throws IOException, InterruptedException {
        Result result = tryRun(args);
        assertThat(result.exitCode())
                .as("dbt %s exit code; output:%n%s", String.join(" ", args), result.tail())
                .isZero();
        return result.output();
    }

    Result tryRun(String... args) throws IOException, InterruptedException {
        Files.createDirectories(targetDir);
        List<String> command = new ArrayList<>();
        command.add(DBT.toString());
        command.addAll(List.of(args));
        Path log = Files.createTempFile(targetDir, "dbt-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ROOT.resolve("dbt_project").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("dbt " + String.join(" ", args) + " still running after 30 minutes");
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    /** status of every node of the last run, by unique id (run_results.json). */
    Map<String, String> statuses() throws IOException {
        JsonNode results = new ObjectMapper()
                .readTree(targetDir.resolve("run_results.json").toFile())
                .get("results");
        Map<String, String> statuses = new HashMap<>();
        results.forEach(
                r -> statuses.put(r.get("unique_id").asText(), r.get("status").asText()));
        return statuses;
    }

    Path targetDir() {
        return targetDir;
    }

    record Result(int exitCode, String output) {
        String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }
}

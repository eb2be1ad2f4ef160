package dev.descheduler.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus's own PromQL parser, through {@code promtool check rules}: each expression becomes a recording rule of a
 * group of its own, so promtool names the group of every expression it cannot parse, with the parser's message.
 */
final class Promtool {

    private static final Pattern FAILED_GROUP = Pattern.compile("group \"q(\\d+)\", rule \\d+, [^:]*: (.*)");

    private final Path promtool;

    Promtool(Path promtool) {
        this.promtool = promtool;
    }

    /** For each name whose expression does not parse, the parser's error; empty when all parse. */
    Map<String, String> parseErrors(Map<String, String> expressionsByName, Path workDir) throws IOException {
        List<String> names = new ArrayList<>(expressionsByName.keySet());
        StringBuilder rules = new StringBuilder("groups:\n");
        for (int i = 0; i < names.size(); i++) {
            rules.append("  - name: q")
                    .append(i)
                    .append("\n    rules:\n      - record: dashboard_query\n        expr: ")
                    .append(yamlString(expressionsByName.get(names.get(i))))
                    .append('\n');
        }
        Path file = Files.createTempFile(workDir, "dashboard-queries-", ".yml");
        Files.writeString(file, rules);
        Process process = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("promtool check rules did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Matcher matcher = FAILED_GROUP.matcher(output);
        while (matcher.find()) {
            errors.put(names.get(Integer.parseInt(matcher.group(1))), matcher.group(2));
        }
        if (process.exitValue() != 0 && errors.isEmpty()) {
            // a failure promtool did not attribute to an expression (its output format changed?): never pass on it
            throw new IOException("promtool check rules exited " + process.exitValue() + ":\n" + output);
        }
        if (process.exitValue() == 0) {
            Files.delete(file);
        }
        return errors;
    }

    /** A YAML double-quoted scalar: PromQL's quotes and backslashes escaped. */
    private static String yamlString(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}

package dev.descheduler.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The StatsD exporter's mapping of Airflow's metrics (monitoring/statsd/airflow.yml), checked as the exporter would
 * read it: every rule a glob with a valid Prometheus name, and every label taken from a wildcard the glob has.
 */
class StatsdMappingTest {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern CAPTURE = Pattern.compile("\\$(\\d+)");

    @Test
    void everyRuleNamesAValidMetricFromWildcardsItHas() throws IOException {
        String mapping = Files.readString(Project.ROOT.resolve("monitoring/statsd/airflow.yml"));
        assertThat(problems(mapping)).isEmpty();
        assertThat(rules(mapping)).hasSizeGreaterThan(10);
    }

    @Test
    void aLabelFromAWildcardTheGlobLacksIsFound() throws IOException {
        String mapping = Files.readString(Project.ROOT.resolve("monitoring/statsd/airflow.yml"))
                .replace("match: \"airflow.pool.starving_tasks.*\"", "match: \"airflow.pool.starving_tasks\"");
        assertThat(problems(mapping))
                .containsExactly("airflow.pool.starving_tasks: label pool takes $1, but the glob has 0 wildcards");
    }

    @Test
    void anInvalidMetricNameIsFound() throws IOException {
        String mapping = Files.readString(Project.ROOT.resolve("monitoring/statsd/airflow.yml"))
                .replace("name: \"airflow_ti_failures_total\"", "name: \"airflow-ti-failures\"");
        assertThat(problems(mapping)).containsExactly("airflow.ti_failures: airflow-ti-failures is not a metric name");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(String mapping) {
        Map<String, Object> config = new Yaml().load(mapping);
        return (List<Map<String, Object>>) config.get("mappings");
    }

    @SuppressWarnings("unchecked")
    private static List<String> problems(String mapping) {
        List<String> problems = new ArrayList<>();
        Set<String> globs = new HashSet<>();
        for (Map<String, Object> rule : rules(mapping)) {
            String match = String.valueOf(rule.get("match"));
            String name = String.valueOf(rule.get("name"));
            if (!globs.add(match)) {
                problems.add(match + ": matched by two rules (the first wins, the second is dead)");
            }
            if (!METRIC_NAME.matcher(name).matches()) {
                problems.add(match + ": " + name + " is not a metric name");
            }
            long wildcards = match.chars().filter(c -> c == '*').count();
            Map<String, Object> labels = (Map<String, Object>) rule.getOrDefault("labels", Map.of());
            labels.forEach((label, value) -> {
                if (!LABEL_NAME.matcher(label).matches()) {
                    problems.add(match + ": " + label + " is not a label name");
                }
                Matcher capture = CAPTURE.matcher(String.valueOf(value));
                while (capture.find()) {
                    if (Integer.parseInt(capture.group(1)) > wildcards) {
                        problems.add(match + ": label " + label + " takes $" + capture.group(1) + ", but the glob has "
                                + wildcards + " wildcards");
                    }
                }
            });
        }
        return problems;
    }
}

package dev.descheduler.monitoring;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Grafana's variables in a query, found and substituted as Grafana does before it sends the query to Prometheus:
 * {@code $name}, {@code ${name}}, {@code ${name:format}} and the deprecated {@code [[name]]}.
 */
final class GrafanaVariables {

    /** What Grafana defines for every Prometheus query (the time range and the step it draws with). */
    static final Set<String> BUILT_IN = Set.of(
            "__rate_interval",
            "__interval",
            "__interval_ms",
            "__range",
            "__range_s",
            "__range_ms",
            "__from",
            "__to",
            "__dashboard",
            "__org",
            "__user");

    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\{(\\w+)(?::(\\w+))?}|\\[\\[(\\w+)(?::(\\w+))?]]|\\$(\\w+)");

    private GrafanaVariables() {}

    /** The names of the variables {@code text} uses, in order of first use. */
    static Set<String> used(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = REFERENCE.matcher(text);
        while (matcher.find()) {
            names.add(name(matcher));
        }
        return names;
    }

    /** {@code text} with every variable replaced by its value; a variable without a value is an error. */
    static String substitute(String text, Map<String, String> values) {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = name(matcher);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for $" + name + " in: " + text);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /**
     * A multi-value variable as Grafana writes it into a Prometheus query: one value as is, several as a regex
     * alternation, each regex-escaped (Prometheus datasource's default formatting; used inside {@code =~"..."}).
     */
    static String multiValue(List<String> values) {
        List<String> escaped =
                values.stream().map(GrafanaVariables::escapeRegex).toList();
        return escaped.size() == 1 ? escaped.get(0) : escaped.stream().collect(Collectors.joining("|", "(", ")"));
    }

    /** Grafana's prometheusRegularEscape: each regex metacharacter preceded by a backslash, doubled for PromQL's string. */
    private static String escapeRegex(String value) {
        return value.replaceAll("([\\^$*+?.()|{}\\[\\]])", "\\\\\\\\$1").replace("'", "\\\\'");
    }

    private static String name(Matcher matcher) {
        for (int group : new int[] {1, 3, 5}) {
            if (matcher.group(group) != null) {
                return matcher.group(group);
            }
        }
        throw new IllegalStateException("unreachable");
    }
}

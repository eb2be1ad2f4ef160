package dev.descheduler.collector.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector's metric families as {@code docs/metrics.md} lists them (the first column of its table) and as a
 * {@code /metrics} page exposes them (its {@code # TYPE} lines), so that a test can hold one against the other.
 */
public final class MetricsCatalogue {

    /** Families of the frameworks underneath (JVM, Tomcat, Spring MVC, Logback), documented by them, not by us. */
    private static final List<String> FRAMEWORK_PREFIXES = List.of(
            "jvm_",
            "process_",
            "system_",
            "executor_",
            "tomcat_",
            "logback_",
            "disk_",
            "application_",
            "http_server_requests_");

    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_*]+)` \\|");
    private static final Pattern TYPE = Pattern.compile("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) ([a-z]+)$");

    private MetricsCatalogue() {}

    /** The names in the catalogue's table; a name ending in {@code *} stands for every family with that prefix. */
    public static Set<String> documented(Path catalogue) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(catalogue)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                names.add(row.group(1));
            }
        }
        return names;
    }

    /**
     * The families a metrics page exposes, without the frameworks' own and without the {@code _max} gauge that
     * Micrometer adds beside each timer and summary.
     */
    public static Set<String> exposed(String page) {
        Set<String> all = new TreeSet<>();
        for (String line : page.split("\n")) {
            Matcher type = TYPE.matcher(line.strip());
            if (type.matches()) {
                all.add(type.group(1));
            }
        }
        Set<String> own = new TreeSet<>();
        for (String family : all) {
            boolean framework = FRAMEWORK_PREFIXES.stream().anyMatch(family::startsWith);
            boolean maxOfAnother = family.endsWith("_max") && all.contains(family.substring(0, family.length() - 4));
            if (!framework && !maxOfAnother) {
                own.add(family);
            }
        }
        return own;
    }

    /** Whether {@code family} is one of {@code documented}, by name or by a {@code prefix*} entry. */
    public static boolean covers(Set<String> documented, String family) {
        return documented.contains(family)
                || documented.stream()
                        .filter(name -> name.endsWith("*"))
                        .anyMatch(name -> family.startsWith(name.substring(0, name.length() - 1)));
    }

    /** Whether some family of {@code exposed} answers the catalogue entry {@code name}. */
    public static boolean isExposed(Set<String> exposed, String name) {
        return name.endsWith("*")
                ? exposed.stream().anyMatch(f -> f.startsWith(name.substring(0, name.length() - 1)))
                : exposed.contains(name);
    }
}

package dev.descheduler.bronze;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Prometheus text-format page read back into its samples, each keyed by its name and its labels sorted by name
 * ({@code bronze_stream_rows_written_total{sink="events"}}), so a test asks for a series whatever order the
 * exporter printed its labels in.
 */
final class MetricsPage {

    private static final Pattern SAMPLE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");

    private final String text;
    private final Map<String, Double> samples;

    private MetricsPage(String text, Map<String, Double> samples) {
        this.text = text;
        this.samples = samples;
    }

    static MetricsPage parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            samples.put(key(m.group(1), m.group(3)), Double.parseDouble(m.group(4)));
        }
        return new MetricsPage(text, samples);
    }

    /** The value of {@code series} (e.g. {@code name{b="2",a="1"}}), if the page has it. */
    Optional<Double> value(String series) {
        int brace = series.indexOf('{');
        String key =
                brace < 0 ? series : key(series.substring(0, brace), series.substring(brace + 1, series.length() - 1));
        return Optional.ofNullable(samples.get(key));
    }

    double valueOf(String series) {
        return value(series).orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + text));
    }

    boolean hasFamily(String name) {
        return samples.keySet().stream().anyMatch(key -> key.equals(name) || key.startsWith(name + "{"));
    }

    @Override
    public String toString() {
        return text;
    }

    private static String key(String name, String labels) {
        if (labels == null || labels.isBlank()) {
            return name;
        }
        // label values here never hold commas or escaped quotes
        return name + "{"
                + Arrays.stream(labels.split(",")).map(String::trim).sorted().collect(Collectors.joining(",")) + "}";
    }
}

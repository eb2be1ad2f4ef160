package dev.descheduler.lakehouse;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Environment variables read with validation: every error names the variable and the value it got, so a wrong setting
 * fails at start-up with a message that says what to fix. A blank value counts as unset.
 */
public final class Environment {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> variables;

    private Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Environment of(Map<String, String> variables) {
        return new Environment(Objects.requireNonNull(variables, "variables"));
    }

    public static Environment system() {
        return of(System.getenv());
    }

    public String string(String key, String defaultValue) {
        String value = variables.get(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    /** A SQL identifier (catalog, namespace): letters, digits and underscores, not starting with a digit. */
    public String identifier(String key, String defaultValue) {
        String value = string(key, defaultValue);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw invalid(key, value, "a SQL identifier (letters, digits, underscores; not starting with a digit)");
        }
        return value;
    }

    public String prefixed(String key, String defaultValue, String... prefixes) {
        String value = string(key, defaultValue);
        for (String prefix : prefixes) {
            if (value.startsWith(prefix)) {
                return value;
            }
        }
        throw invalid(key, value, "a value starting with " + String.join(" or ", prefixes));
    }

    public int positiveInt(String key, int defaultValue) {
        String value = string(key, Integer.toString(defaultValue));
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw invalid(key, value, "a positive integer");
    }

    public boolean bool(String key, boolean defaultValue) {
        String value = string(key, Boolean.toString(defaultValue));
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, value, "true or false");
        };
    }

    /** A positive duration such as {@code 10s}, {@code 500ms}, {@code 2m} or {@code 1h}; a bare number is seconds. */
    public Duration duration(String key, Duration defaultValue) {
        String value = variables.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(value.trim());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            Duration parsed =
                    switch (unit) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofSeconds(amount);
                    };
            if (!parsed.isZero()) {
                return parsed;
            }
        }
        throw invalid(key, value, "a positive duration such as 10s, 500ms, 2m or 1h (a bare number is seconds)");
    }

    public static IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException(key + " must be " + expected + ", was '" + value + "'");
    }
}

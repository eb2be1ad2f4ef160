package dev.descheduler.maintenance;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 7d}, {@code 36h}, {@code 90m}, {@code 30s}. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(d|h|m|s)");

    private Durations() {}

    static Duration parse(String key, String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            Duration parsed =
                    switch (m.group(2)) {
                        case "d" -> Duration.ofDays(amount);
                        case "h" -> Duration.ofHours(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        default -> Duration.ofSeconds(amount);
                    };
            if (!parsed.isZero()) {
                return parsed;
            }
        }
        throw new IllegalArgumentException(
                key + " must be a positive duration such as 7d, 36h, 90m or 30s, was '" + value + "'");
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}

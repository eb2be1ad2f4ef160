package dev.descheduler.events;

/**
 * Bounds on one event's JSON, so a hostile or broken producer cannot make the decoder use unbounded memory or stack.
 * Numbers (1,000 digits) and field names (50,000 characters) keep Jackson's own limits: no real event comes near them,
 * and Spark's Jackson 2.15 cannot set the second; an event over either is refused as {@code number_too_long} or
 * {@code name_too_long}.
 *
 * @param maxNestingDepth deepest object/array nesting accepted
 * @param maxStringLength longest single JSON string (in characters)
 * @param maxEventBytes largest encoded event (in bytes)
 */
public record JsonLimits(int maxNestingDepth, int maxStringLength, int maxEventBytes) {

    public JsonLimits {
        if (maxNestingDepth < 4) {
            throw new IllegalArgumentException("maxNestingDepth must be at least 4, was " + maxNestingDepth);
        }
        if (maxStringLength < 1024) {
            throw new IllegalArgumentException("maxStringLength must be at least 1024, was " + maxStringLength);
        }
        if (maxEventBytes < 1024) {
            throw new IllegalArgumentException("maxEventBytes must be at least 1024, was " + maxEventBytes);
        }
    }

    /**
     * Real GitHub events nest about 8 levels deep (a pull request's repo's owner) and the largest of the GH Archive
     * sample is 245,662 bytes (a push with many commit messages); the defaults leave ample room for both while keeping
     * one event far below the Kafka batch limit.
     */
    public static JsonLimits defaults() {
        return new JsonLimits(64, 2 * 1024 * 1024, 2 * 1024 * 1024);
    }
}

package dev.descheduler.events;

/**
 * Bounds on one event's JSON, so a hostile or broken producer cannot make the decoder use unbounded memory or stack.
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

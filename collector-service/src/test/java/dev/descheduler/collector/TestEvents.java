package dev.descheduler.collector;

/** Small valid GitHub events for tests that need many distinct ones. */
final class TestEvents {

    private TestEvents() {}

    static String json(int n) {
        return "{\"id\":\"" + (7_000_000_000L + n) + "\",\"type\":\"WatchEvent\",\"actor\":{\"id\":" + (1000 + n)
                + ",\"login\":\"user" + n + "\"},\"repo\":{\"id\":" + (50 + n % 7) + ",\"name\":\"acme/repo" + n % 7
                + "\"},\"payload\":{\"action\":\"started\"},\"public\":true,\"created_at\":\"2015-01-01T00:00:00Z\"}";
    }
}

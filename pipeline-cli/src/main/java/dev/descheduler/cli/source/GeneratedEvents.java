package dev.descheduler.cli.source;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Realistic GitHub events of the common types, generated from a fixed seed so two runs produce the same events: what
 * `make demo` uses when no GH Archive file is at hand.
 */
public final class GeneratedEvents {

    private static final String[] TYPES = {
        "PushEvent",
        "PushEvent",
        "PushEvent",
        "WatchEvent",
        "CreateEvent",
        "IssuesEvent",
        "PullRequestEvent",
        "IssueCommentEvent",
        "ForkEvent",
        "DeleteEvent"
    };

    private GeneratedEvents() {}

    public static void generate(int count, long seed, Consumer<String> line) {
        Random random = new Random(seed);
        Instant start = Instant.parse("2015-01-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            String type = TYPES[random.nextInt(TYPES.length)];
            long actorId = 1000 + random.nextInt(5000);
            long repoId = 100_000 + random.nextInt(2000);
            String login = "user" + actorId;
            String repo = "org" + (repoId % 300) + "/repo" + repoId;
            String createdAt = start.plus(i * 3_600L / Math.max(1, count), ChronoUnit.SECONDS)
                    .toString();
            line.accept("{\"id\":\"" + (9_000_000_000L + i) + "\",\"type\":\"" + type + "\",\"actor\":{\"id\":"
                    + actorId
                    + ",\"login\":\"" + login + "\",\"gravatar_id\":\"\",\"url\":\"https://api.github.com/users/"
                    + login
                    + "\",\"avatar_url\":\"https://avatars.githubusercontent.com/u/" + actorId
                    + "?\"},\"repo\":{\"id\":"
                    + repoId + ",\"name\":\"" + repo + "\",\"url\":\"https://api.github.com/repos/" + repo
                    + "\"},\"payload\":" + payload(type, random) + ",\"public\":true,\"created_at\":\"" + createdAt
                    + "\"}");
        }
    }

    private static String payload(String type, Random random) {
        return switch (type) {
            case "PushEvent" ->
                "{\"push_id\":" + (500_000_000L + random.nextInt(1_000_000)) + ",\"size\":1,"
                        + "\"distinct_size\":1,\"ref\":\"refs/heads/master\",\"head\":\"" + hex(random)
                        + "\",\"before\":\""
                        + hex(random) + "\",\"commits\":[{\"sha\":\"" + hex(random)
                        + "\",\"message\":\"generated commit\","
                        + "\"distinct\":true}]}";
            case "WatchEvent" -> "{\"action\":\"started\"}";
            case "CreateEvent" ->
                "{\"ref\":\"master\",\"ref_type\":\"branch\",\"master_branch\":\"master\","
                        + "\"description\":null,\"pusher_type\":\"user\"}";
            case "IssuesEvent" ->
                "{\"action\":\"opened\",\"issue\":{\"number\":" + random.nextInt(500)
                        + ",\"title\":\"generated issue\",\"state\":\"open\"}}";
            case "PullRequestEvent" ->
                "{\"action\":\"opened\",\"number\":" + random.nextInt(500)
                        + ",\"pull_request\":{\"state\":\"open\",\"title\":\"generated change\",\"merged\":false,"
                        + "\"additions\":" + random.nextInt(200) + ",\"deletions\":" + random.nextInt(100) + "}}";
            case "IssueCommentEvent" ->
                "{\"action\":\"created\",\"issue\":{\"number\":" + random.nextInt(500) + "},\"comment\":{\"id\":"
                        + random.nextInt(1_000_000) + ",\"body\":\"generated comment\"}}";
            case "ForkEvent" -> "{\"forkee\":{\"id\":" + random.nextInt(1_000_000) + ",\"full_name\":\"fork/repo\"}}";
            default -> "{\"ref\":\"feature\",\"ref_type\":\"branch\",\"pusher_type\":\"user\"}";
        };
    }

    private static String hex(Random random) {
        StringBuilder sha = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            sha.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sha.toString();
    }
}

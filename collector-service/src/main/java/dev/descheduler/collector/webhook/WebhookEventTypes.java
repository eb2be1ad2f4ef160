package dev.descheduler.collector.webhook;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code X-GitHub-Event} to the Events API's type name. The Events API names its types after the webhook events
 * (GitHub's "Event types" page lists both), so the mapped ones are the webhook name in CamelCase plus {@code Event};
 * every other webhook event keeps its own name the same way ({@code workflow_run} → {@code WorkflowRunEvent}), so
 * Silver files it under an unknown type rather than losing it.
 */
final class WebhookEventTypes {

    /** The events whose Events API type Silver parses, spelled out so a typo in the rule cannot slip through. */
    static final Map<String, String> MAPPED = Map.ofEntries(
            Map.entry("push", "PushEvent"),
            Map.entry("pull_request", "PullRequestEvent"),
            Map.entry("issues", "IssuesEvent"),
            Map.entry("issue_comment", "IssueCommentEvent"),
            Map.entry("watch", "WatchEvent"),
            Map.entry("fork", "ForkEvent"),
            Map.entry("create", "CreateEvent"),
            Map.entry("delete", "DeleteEvent"),
            Map.entry("release", "ReleaseEvent"),
            Map.entry("member", "MemberEvent"),
            Map.entry("gollum", "GollumEvent"),
            Map.entry("pull_request_review", "PullRequestReviewEvent"),
            Map.entry("pull_request_review_comment", "PullRequestReviewCommentEvent"),
            Map.entry("commit_comment", "CommitCommentEvent"),
            Map.entry("public", "PublicEvent"));

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,99}");

    private WebhookEventTypes() {}

    static boolean isValidName(String event) {
        return event != null && NAME.matcher(event).matches();
    }

    /** The type for a valid webhook event name (see {@link #isValidName}). */
    static String typeOf(String event) {
        String mapped = MAPPED.get(event);
        return mapped != null ? mapped : camelCase(event) + "Event";
    }

    private static String camelCase(String event) {
        StringBuilder type = new StringBuilder(event.length() + 5);
        for (String word : event.split("_")) {
            if (!word.isEmpty()) {
                type.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
            }
        }
        return type.toString();
    }
}

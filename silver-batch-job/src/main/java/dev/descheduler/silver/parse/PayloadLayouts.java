package dev.descheduler.silver.parse;

import static dev.descheduler.silver.parse.SilverColumn.COMMENT_ID;
import static dev.descheduler.silver.parse.SilverColumn.FORKEE_FULL_NAME;
import static dev.descheduler.silver.parse.SilverColumn.FORKEE_ID;
import static dev.descheduler.silver.parse.SilverColumn.GOLLUM_PAGE_COUNT;
import static dev.descheduler.silver.parse.SilverColumn.GOLLUM_PAGE_NAMES;
import static dev.descheduler.silver.parse.SilverColumn.ISSUE_ID;
import static dev.descheduler.silver.parse.SilverColumn.ISSUE_IS_PULL_REQUEST;
import static dev.descheduler.silver.parse.SilverColumn.ISSUE_NUMBER;
import static dev.descheduler.silver.parse.SilverColumn.ISSUE_STATE;
import static dev.descheduler.silver.parse.SilverColumn.ISSUE_TITLE;
import static dev.descheduler.silver.parse.SilverColumn.MEMBER_ID;
import static dev.descheduler.silver.parse.SilverColumn.MEMBER_LOGIN;
import static dev.descheduler.silver.parse.SilverColumn.PAYLOAD_ACTION;
import static dev.descheduler.silver.parse.SilverColumn.PR_ADDITIONS;
import static dev.descheduler.silver.parse.SilverColumn.PR_BASE_REF;
import static dev.descheduler.silver.parse.SilverColumn.PR_CHANGED_FILES;
import static dev.descheduler.silver.parse.SilverColumn.PR_DELETIONS;
import static dev.descheduler.silver.parse.SilverColumn.PR_HEAD_REF;
import static dev.descheduler.silver.parse.SilverColumn.PR_ID;
import static dev.descheduler.silver.parse.SilverColumn.PR_IS_MERGED;
import static dev.descheduler.silver.parse.SilverColumn.PR_MERGED_AT;
import static dev.descheduler.silver.parse.SilverColumn.PR_NUMBER;
import static dev.descheduler.silver.parse.SilverColumn.PR_STATE;
import static dev.descheduler.silver.parse.SilverColumn.PR_TITLE;
import static dev.descheduler.silver.parse.SilverColumn.PUSH_BEFORE;
import static dev.descheduler.silver.parse.SilverColumn.PUSH_COMMIT_COUNT;
import static dev.descheduler.silver.parse.SilverColumn.PUSH_DISTINCT_SIZE;
import static dev.descheduler.silver.parse.SilverColumn.PUSH_HEAD;
import static dev.descheduler.silver.parse.SilverColumn.PUSH_ID;
import static dev.descheduler.silver.parse.SilverColumn.PUSH_REF;
import static dev.descheduler.silver.parse.SilverColumn.PUSH_SIZE;
import static dev.descheduler.silver.parse.SilverColumn.REF;
import static dev.descheduler.silver.parse.SilverColumn.REF_TYPE;
import static dev.descheduler.silver.parse.SilverColumn.RELEASE_ID;
import static dev.descheduler.silver.parse.SilverColumn.RELEASE_TAG;
import static dev.descheduler.silver.parse.SilverColumn.REVIEW_ID;
import static dev.descheduler.silver.parse.SilverColumn.REVIEW_STATE;

import java.util.Map;

/** The payload layout of every event type Silver flattens; other types get {@link #UNKNOWN}. */
final class PayloadLayouts {

    static final PayloadLayout UNKNOWN = PayloadLayout.builder()
            .value("action", PAYLOAD_ACTION)
            .shape(PayloadShape.UNKNOWN_TYPE)
            .build();

    private static final Map<String, PayloadLayout> BY_TYPE = Map.ofEntries(
            Map.entry(
                    "PushEvent",
                    PayloadLayout.builder()
                            .value("push_id", PUSH_ID)
                            .value("ref", PUSH_REF)
                            .value("head", PUSH_HEAD)
                            .value("before", PUSH_BEFORE)
                            .value("size", PUSH_SIZE)
                            .value("distinct_size", PUSH_DISTINCT_SIZE)
                            .count("commits", PUSH_COMMIT_COUNT)
                            .shape(PayloadShape.PUSH_FULL, PayloadShape.PUSH_SLIM, "size", "distinct_size", "commits")
                            .build()),
            Map.entry(
                    "PullRequestEvent",
                    pullRequest()
                            .value("action", PAYLOAD_ACTION)
                            // both numbers are read, the first in the payload wins: they agree, and either may be
                            // dropped one day
                            .value("number", PR_NUMBER)
                            .shape(
                                    PayloadShape.PULL_REQUEST_FULL,
                                    PayloadShape.PULL_REQUEST_SLIM,
                                    "pull_request.merged",
                                    "pull_request.title",
                                    "pull_request.state")
                            .build()),
            Map.entry(
                    "PullRequestReviewEvent",
                    pullRequest()
                            .value("action", PAYLOAD_ACTION)
                            .value("review.id", REVIEW_ID)
                            .value("review.state", REVIEW_STATE)
                            .shape(
                                    PayloadShape.PULL_REQUEST_REVIEW_FULL,
                                    PayloadShape.PULL_REQUEST_REVIEW_SLIM,
                                    "pull_request.title",
                                    "pull_request.state")
                            .build()),
            Map.entry(
                    "PullRequestReviewCommentEvent",
                    pullRequest()
                            .value("action", PAYLOAD_ACTION)
                            .value("comment.id", COMMENT_ID)
                            .shape(
                                    PayloadShape.PULL_REQUEST_REVIEW_COMMENT_FULL,
                                    PayloadShape.PULL_REQUEST_REVIEW_COMMENT_SLIM,
                                    "pull_request.title",
                                    "pull_request.state")
                            .build()),
            Map.entry("IssuesEvent", issue().shape(PayloadShape.ISSUES).build()),
            Map.entry(
                    "IssueCommentEvent",
                    issue().value("comment.id", COMMENT_ID)
                            .shape(PayloadShape.ISSUE_COMMENT)
                            .build()),
            Map.entry(
                    "CommitCommentEvent",
                    PayloadLayout.builder()
                            .value("action", PAYLOAD_ACTION)
                            .value("comment.id", COMMENT_ID)
                            .shape(PayloadShape.COMMIT_COMMENT)
                            .build()),
            Map.entry("CreateEvent", ref().shape(PayloadShape.CREATE).build()),
            Map.entry("DeleteEvent", ref().shape(PayloadShape.DELETE).build()),
            Map.entry(
                    "ForkEvent",
                    PayloadLayout.builder()
                            .value("forkee.id", FORKEE_ID)
                            .value("forkee.full_name", FORKEE_FULL_NAME)
                            .shape(PayloadShape.FORK)
                            .build()),
            Map.entry(
                    "WatchEvent",
                    PayloadLayout.builder()
                            .value("action", PAYLOAD_ACTION)
                            .shape(PayloadShape.WATCH)
                            .build()),
            Map.entry(
                    "ReleaseEvent",
                    PayloadLayout.builder()
                            .value("action", PAYLOAD_ACTION)
                            .value("release.id", RELEASE_ID)
                            .value("release.tag_name", RELEASE_TAG)
                            .shape(PayloadShape.RELEASE)
                            .build()),
            Map.entry(
                    "MemberEvent",
                    PayloadLayout.builder()
                            .value("action", PAYLOAD_ACTION)
                            .value("member.id", MEMBER_ID)
                            .value("member.login", MEMBER_LOGIN)
                            .shape(PayloadShape.MEMBER)
                            .build()),
            Map.entry(
                    "GollumEvent",
                    PayloadLayout.builder()
                            .count("pages", GOLLUM_PAGE_COUNT)
                            .eachField("pages", "page_name", GOLLUM_PAGE_NAMES)
                            .shape(PayloadShape.GOLLUM)
                            .build()),
            Map.entry(
                    "PublicEvent",
                    PayloadLayout.builder().shape(PayloadShape.PUBLIC).build()));

    private PayloadLayouts() {}

    static PayloadLayout forType(String eventType) {
        return BY_TYPE.getOrDefault(eventType, UNKNOWN);
    }

    /** The pull request a PR event, a review or a review comment carries. */
    private static PayloadLayout.Builder pullRequest() {
        return PayloadLayout.builder()
                .value("pull_request.number", PR_NUMBER)
                .value("pull_request.id", PR_ID)
                .value("pull_request.state", PR_STATE)
                .value("pull_request.title", PR_TITLE)
                .value("pull_request.merged", PR_IS_MERGED)
                .value("pull_request.merged_at", PR_MERGED_AT)
                .value("pull_request.additions", PR_ADDITIONS)
                .value("pull_request.deletions", PR_DELETIONS)
                .value("pull_request.changed_files", PR_CHANGED_FILES)
                .value("pull_request.base.ref", PR_BASE_REF)
                .value("pull_request.head.ref", PR_HEAD_REF);
    }

    private static PayloadLayout.Builder issue() {
        return PayloadLayout.builder()
                .value("action", PAYLOAD_ACTION)
                .value("issue.number", ISSUE_NUMBER)
                .value("issue.id", ISSUE_ID)
                .value("issue.title", ISSUE_TITLE)
                .value("issue.state", ISSUE_STATE)
                // GitHub models a pull request as an issue with a pull_request link: comments on PRs land here too
                .flag(ISSUE_IS_PULL_REQUEST, "issue", "issue.pull_request");
    }

    private static PayloadLayout.Builder ref() {
        return PayloadLayout.builder().value("ref", REF).value("ref_type", REF_TYPE);
    }
}

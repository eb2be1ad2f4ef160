package dev.descheduler.silver.parse;

import static dev.descheduler.silver.parse.SampleEvents.parsed;
import static dev.descheduler.silver.parse.SilverColumn.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Pushes, pull requests and reviews across the payload changes GitHub made: nulls and a shape, never a rejection. */
class PayloadDriftTest {

    static List<SampleEvents.Sample> samples() {
        return SampleEvents.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void parsesEveryTypeOfEveryEraIntoItsPayloadShape(SampleEvents.Sample sample) {
        SilverEvent event = parsed(sample.row());

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo(sample.shape());
        assertThat(event.get(EVENT_TYPE)).isEqualTo(sample.row().type());
    }

    @Test
    void readsA2015PushWithSizesAndCommits() {
        SilverEvent event = parsed(SampleEvents.PUSH_2015);

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("push_full");
        assertThat(event.get(PUSH_ID)).isEqualTo(536752122L);
        assertThat(event.get(PUSH_REF)).isEqualTo("refs/heads/master");
        assertThat(event.get(PUSH_HEAD)).isEqualTo("6b7b1f2b5ed7e6b3bbf2a1c3bd1c5b6b8bb0b5c1");
        assertThat(event.get(PUSH_BEFORE)).isEqualTo("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
        assertThat(event.get(PUSH_SIZE)).isEqualTo(2);
        assertThat(event.get(PUSH_DISTINCT_SIZE)).isEqualTo(1);
        assertThat(event.get(PUSH_COMMIT_COUNT)).isEqualTo(2);
    }

    @Test
    void readsA2021PushAsTheSameFullShape() {
        SilverEvent event = parsed(SampleEvents.PUSH_2021);

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("push_full");
        assertThat(event.get(PUSH_ID)).isEqualTo(7365482410L);
        assertThat(event.get(PUSH_SIZE)).isEqualTo(1);
        assertThat(event.get(PUSH_COMMIT_COUNT)).isEqualTo(1);
    }

    @Test
    void readsA2025PushWithoutSizesOrCommitsAsSlimWithNulls() {
        SilverEvent event = parsed(SampleEvents.PUSH_2025);

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("push_slim");
        assertThat(event.get(PUSH_ID)).isEqualTo(27011223344L);
        assertThat(event.get(PUSH_REF)).isEqualTo("refs/heads/main");
        assertThat(event.get(PUSH_HEAD)).isEqualTo("c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff");
        assertThat(event.get(PUSH_BEFORE)).isEqualTo("beefbeefbeefbeefbeefbeefbeefbeefbeefbeef");
        assertThat(event.get(PUSH_SIZE)).isNull();
        assertThat(event.get(PUSH_DISTINCT_SIZE)).isNull();
        assertThat(event.get(PUSH_COMMIT_COUNT)).isNull();
    }

    @Test
    void callsAPushSlimWhenOnlyOneRemovedFieldIsMissing() {
        SilverEvent event = parsed(SampleEvents.of2025(
                "PushEvent", "{\"push_id\":1,\"size\":1,\"distinct_size\":1,\"ref\":\"refs/heads/main\"}"));

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("push_slim");
        assertThat(event.get(PUSH_SIZE)).isEqualTo(1);
        assertThat(event.get(PUSH_COMMIT_COUNT)).isNull();
    }

    @Test
    void readsA2015MergedPullRequestInFull() {
        SilverEvent event = parsed(SampleEvents.PULL_REQUEST_2015);

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("pull_request_full");
        assertThat(event.get(PAYLOAD_ACTION)).isEqualTo("closed");
        assertThat(event.get(PR_NUMBER)).isEqualTo(12);
        assertThat(event.get(PR_ID)).isEqualTo(26743000L);
        assertThat(event.get(PR_STATE)).isEqualTo("closed");
        assertThat(event.get(PR_TITLE)).isEqualTo("Fix the parser");
        assertThat(event.get(PR_IS_MERGED)).isEqualTo(true);
        assertThat(event.get(PR_MERGED_AT)).isEqualTo(Instant.parse("2015-01-01T14:59:00Z"));
        assertThat(event.get(PR_ADDITIONS)).isEqualTo(10);
        assertThat(event.get(PR_DELETIONS)).isEqualTo(2);
        assertThat(event.get(PR_CHANGED_FILES)).isEqualTo(3);
        // the head and base refs, not the refs of the repositories or users nested beside them
        assertThat(event.get(PR_BASE_REF)).isEqualTo("master");
        assertThat(event.get(PR_HEAD_REF)).isEqualTo("fix");
    }

    @Test
    void readsA2021OpenPullRequestWithNullMergedAt() {
        SilverEvent event = parsed(SampleEvents.PULL_REQUEST_2021);

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("pull_request_full");
        assertThat(event.get(PR_NUMBER)).isEqualTo(7);
        assertThat(event.get(PR_STATE)).isEqualTo("open");
        assertThat(event.get(PR_IS_MERGED)).isEqualTo(false);
        assertThat(event.get(PR_MERGED_AT)).isNull();
        assertThat(event.get(PR_ADDITIONS)).isEqualTo(25);
        assertThat(event.get(PR_BASE_REF)).isEqualTo("main");
        assertThat(event.get(PR_HEAD_REF)).isEqualTo("ci");
    }

    @Test
    void readsA2025PullRequestWithoutTitleStateOrMergedAsSlimButKeepsItsNumber() {
        SilverEvent event = parsed(SampleEvents.PULL_REQUEST_2025);

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("pull_request_slim");
        assertThat(event.get(PAYLOAD_ACTION)).isEqualTo("opened");
        assertThat(event.get(PR_NUMBER)).isEqualTo(42);
        assertThat(event.get(PR_ID)).isEqualTo(2900000001L);
        assertThat(event.get(PR_BASE_REF)).isEqualTo("main");
        assertThat(event.get(PR_HEAD_REF)).isEqualTo("feature/x");
        assertThat(event.get(PR_TITLE)).isNull();
        assertThat(event.get(PR_STATE)).isNull();
        assertThat(event.get(PR_IS_MERGED)).isNull();
        assertThat(event.get(PR_MERGED_AT)).isNull();
        assertThat(event.get(PR_ADDITIONS)).isNull();
        assertThat(event.get(PR_DELETIONS)).isNull();
        assertThat(event.get(PR_CHANGED_FILES)).isNull();
    }

    @Test
    void takesThePullRequestNumberFromThePayloadWhenThePullRequestObjectHasNone() {
        SilverEvent event = parsed(SampleEvents.of2025(
                "PullRequestEvent", "{\"action\":\"closed\",\"number\":9,\"pull_request\":{\"id\":5}}"));

        assertThat(event.get(PR_NUMBER)).isEqualTo(9);
        assertThat(event.get(PR_ID)).isEqualTo(5L);
    }

    @Test
    void readsA2021ReviewWithItsPullRequest() {
        SilverEvent event = parsed(SampleEvents.REVIEW_2021);

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("pull_request_review_full");
        assertThat(event.get(PAYLOAD_ACTION)).isEqualTo("created");
        assertThat(event.get(REVIEW_ID)).isEqualTo(701234567L);
        assertThat(event.get(REVIEW_STATE)).isEqualTo("approved");
        assertThat(event.get(PR_NUMBER)).isEqualTo(7);
        assertThat(event.get(PR_TITLE)).isEqualTo("Add CI");
        assertThat(event.get(PR_STATE)).isEqualTo("open");
        // a review's pull request never carried merged
        assertThat(event.get(PR_IS_MERGED)).isNull();
    }

    @Test
    void readsA2025ReviewOfASlimPullRequest() {
        SilverEvent event = parsed(SampleEvents.REVIEW_2025);

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("pull_request_review_slim");
        assertThat(event.get(REVIEW_ID)).isEqualTo(3300000001L);
        assertThat(event.get(REVIEW_STATE)).isEqualTo("changes_requested");
        assertThat(event.get(PR_NUMBER)).isEqualTo(42);
        assertThat(event.get(PR_HEAD_REF)).isEqualTo("feature/x");
        assertThat(event.get(PR_TITLE)).isNull();
        assertThat(event.get(PR_STATE)).isNull();
    }

    @Test
    void readsA2015ReviewCommentWithItsCommentAndPullRequest() {
        SilverEvent event = parsed(SampleEvents.REVIEW_COMMENT_2015);

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("pull_request_review_comment_full");
        assertThat(event.get(COMMENT_ID)).isEqualTo(22398052L);
        assertThat(event.get(PR_NUMBER)).isEqualTo(12);
        assertThat(event.get(PR_TITLE)).isEqualTo("Fix the parser");
        assertThat(event.get(REVIEW_STATE)).isNull();
    }

    @Test
    void readsA2025ReviewCommentOfASlimPullRequest() {
        SilverEvent event = parsed(SampleEvents.REVIEW_COMMENT_2025);

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("pull_request_review_comment_slim");
        assertThat(event.get(COMMENT_ID)).isEqualTo(2500000001L);
        assertThat(event.get(PR_NUMBER)).isEqualTo(42);
        assertThat(event.get(PR_TITLE)).isNull();
    }

    @Test
    void leavesDisplayLoginNullFor2015ActorsAndReadsItLater() {
        assertThat(parsed(SampleEvents.PUSH_2015).get(ACTOR_DISPLAY_LOGIN)).isNull();
        assertThat(parsed(SampleEvents.PUSH_2021).get(ACTOR_DISPLAY_LOGIN)).isEqualTo("bo");
        assertThat(parsed(SampleEvents.PUSH_2025).get(ACTOR_DISPLAY_LOGIN)).isEqualTo("dependabot");
    }
}

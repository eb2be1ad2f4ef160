package dev.descheduler.silver.parse;

import static dev.descheduler.silver.parse.SampleEvents.parsed;
import static dev.descheduler.silver.parse.SilverColumn.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The columns of the event types whose payloads kept their fields, and the columns every event has. */
class PayloadColumnsTest {

    @Test
    void fillsTheCommonColumnsFromTheEnvelope() {
        SilverEvent event = parsed(SampleEvents.PUSH_2021);

        assertThat(event.get(EVENT_ID)).isEqualTo("16812345678");
        assertThat(event.get(EVENT_TYPE)).isEqualTo("PushEvent");
        assertThat(event.get(CREATED_AT)).isEqualTo(Instant.parse("2021-06-01T12:00:00Z"));
        assertThat(event.get(CREATED_DATE)).isEqualTo(LocalDate.of(2021, 6, 1));
        assertThat(event.get(INGEST_ID)).isEqualTo("0190a1b2-0000-7000-8000-000000000021");
        assertThat(event.get(RECEIVED_AT)).isEqualTo(SampleEvents.RECEIVED_AT);
        assertThat(event.get(ACTOR_ID)).isEqualTo(22L);
        assertThat(event.get(ACTOR_LOGIN)).isEqualTo("bo");
        assertThat(event.get(ACTOR_IS_BOT)).isEqualTo(false);
        assertThat(event.get(REPO_ID)).isEqualTo(1L);
        assertThat(event.get(REPO_NAME)).isEqualTo("octo/hello");
        assertThat(event.get(REPO_OWNER)).isEqualTo("octo");
        assertThat(event.get(ORG_ID)).isEqualTo(9919L);
        assertThat(event.get(ORG_LOGIN)).isEqualTo("octo");
    }

    @Test
    void leavesOrgColumnsNullWithoutAnOrganisation() {
        SilverEvent event = parsed(SampleEvents.PUSH_2015);

        assertThat(event.get(ORG_ID)).isNull();
        assertThat(event.get(ORG_LOGIN)).isNull();
        assertThat(event.get(REPO_OWNER)).isEqualTo("petroav");
    }

    @Test
    void marksGitHubAppActorsAsBots() {
        assertThat(parsed(SampleEvents.PUSH_2025).get(ACTOR_IS_BOT)).isEqualTo(true);
    }

    @Test
    void keepsTheDayOfCreatedAtInUtcWhenItArrivesWithAnOffset() {
        BronzeEventRow row = SampleEvents.PUSH_2021;
        SilverEvent event = parsed(new BronzeEventRow(
                row.ingestId(),
                row.receivedAt(),
                row.id(),
                row.type(),
                row.actor(),
                row.repo(),
                row.org(),
                row.payload(),
                "2021-06-01T01:30:00+02:00"));

        assertThat(event.get(CREATED_AT)).isEqualTo(Instant.parse("2021-05-31T23:30:00Z"));
        assertThat(event.get(CREATED_DATE)).isEqualTo(LocalDate.of(2021, 5, 31));
    }

    @Test
    void readsIssuesAcrossEras() {
        SilverEvent opened = parsed(SampleEvents.ISSUES_2015);
        SilverEvent closed = parsed(SampleEvents.ISSUES_2025);

        assertThat(opened.get(PAYLOAD_SHAPE)).isEqualTo("issues");
        assertThat(opened.get(PAYLOAD_ACTION)).isEqualTo("opened");
        assertThat(opened.get(ISSUE_NUMBER)).isEqualTo(3);
        assertThat(opened.get(ISSUE_ID)).isEqualTo(53149530L);
        assertThat(opened.get(ISSUE_TITLE)).isEqualTo("Parser crashes");
        assertThat(opened.get(ISSUE_STATE)).isEqualTo("open");
        assertThat(opened.get(ISSUE_IS_PULL_REQUEST)).isEqualTo(false);
        assertThat(closed.get(PAYLOAD_ACTION)).isEqualTo("closed");
        assertThat(closed.get(ISSUE_ID)).isEqualTo(3500000001L);
        assertThat(closed.get(ISSUE_STATE)).isEqualTo("closed");
    }

    @Test
    void tellsCommentsOnPullRequestsFromCommentsOnIssues() {
        SilverEvent onPullRequest = parsed(SampleEvents.ISSUE_COMMENT_ON_PR_2015);
        SilverEvent onIssue = parsed(SampleEvents.ISSUE_COMMENT_2021);

        assertThat(onPullRequest.get(PAYLOAD_SHAPE)).isEqualTo("issue_comment");
        assertThat(onPullRequest.get(ISSUE_IS_PULL_REQUEST)).isEqualTo(true);
        assertThat(onPullRequest.get(ISSUE_NUMBER)).isEqualTo(12);
        assertThat(onPullRequest.get(COMMENT_ID)).isEqualTo(68500000L);
        assertThat(onIssue.get(ISSUE_IS_PULL_REQUEST)).isEqualTo(false);
        assertThat(onIssue.get(COMMENT_ID)).isEqualTo(850000000L);
    }

    @Test
    void leavesIsPullRequestNullWhenTheCommentHasNoIssue() {
        SilverEvent event = parsed(SampleEvents.of2025("IssueCommentEvent", "{\"action\":\"created\"}"));

        assertThat(event.get(ISSUE_IS_PULL_REQUEST)).isNull();
    }

    @Test
    void readsCommitCommentsWithAndWithoutAnAction() {
        SilverEvent old = parsed(SampleEvents.COMMIT_COMMENT_2015);
        SilverEvent newer = parsed(SampleEvents.COMMIT_COMMENT_2021);

        assertThat(old.get(PAYLOAD_SHAPE)).isEqualTo("commit_comment");
        assertThat(old.get(COMMENT_ID)).isEqualTo(9134000L);
        assertThat(old.get(PAYLOAD_ACTION)).isNull();
        assertThat(newer.get(PAYLOAD_ACTION)).isEqualTo("created");
        assertThat(newer.get(COMMENT_ID)).isEqualTo(51000000L);
    }

    @Test
    void readsCreatedRefsAndLeavesRefNullForANewRepository() {
        SilverEvent tag = parsed(SampleEvents.CREATE_TAG_2015);
        SilverEvent repository = parsed(SampleEvents.CREATE_REPOSITORY_2021);
        SilverEvent branch = parsed(SampleEvents.CREATE_BRANCH_2025);

        assertThat(tag.get(PAYLOAD_SHAPE)).isEqualTo("create");
        assertThat(tag.get(REF)).isEqualTo("v1.0");
        assertThat(tag.get(REF_TYPE)).isEqualTo("tag");
        assertThat(repository.get(REF)).isNull();
        assertThat(repository.get(REF_TYPE)).isEqualTo("repository");
        assertThat(branch.get(REF)).isEqualTo("feature/x");
        assertThat(branch.get(REF_TYPE)).isEqualTo("branch");
    }

    @Test
    void readsDeletedRefs() {
        SilverEvent old = parsed(SampleEvents.DELETE_2015);
        SilverEvent newer = parsed(SampleEvents.DELETE_2025);

        assertThat(old.get(PAYLOAD_SHAPE)).isEqualTo("delete");
        assertThat(old.get(REF)).isEqualTo("fix");
        assertThat(old.get(REF_TYPE)).isEqualTo("branch");
        assertThat(newer.get(REF)).isEqualTo("feature/x");
    }

    @Test
    void readsTheForkedRepository() {
        SilverEvent old = parsed(SampleEvents.FORK_2015);
        SilverEvent newer = parsed(SampleEvents.FORK_2021);

        assertThat(old.get(PAYLOAD_SHAPE)).isEqualTo("fork");
        assertThat(old.get(FORKEE_ID)).isEqualTo(28688675L);
        assertThat(old.get(FORKEE_FULL_NAME)).isEqualTo("ann/hello");
        assertThat(newer.get(FORKEE_FULL_NAME)).isEqualTo("bo/hello");
    }

    @Test
    void readsTheWatchAction() {
        assertThat(parsed(SampleEvents.WATCH_2015).get(PAYLOAD_SHAPE)).isEqualTo("watch");
        assertThat(parsed(SampleEvents.WATCH_2015).get(PAYLOAD_ACTION)).isEqualTo("started");
        assertThat(parsed(SampleEvents.WATCH_2025).get(PAYLOAD_ACTION)).isEqualTo("started");
    }

    @Test
    void readsTheReleaseTag() {
        SilverEvent old = parsed(SampleEvents.RELEASE_2015);
        SilverEvent newer = parsed(SampleEvents.RELEASE_2021);

        assertThat(old.get(PAYLOAD_SHAPE)).isEqualTo("release");
        assertThat(old.get(PAYLOAD_ACTION)).isEqualTo("published");
        assertThat(old.get(RELEASE_ID)).isEqualTo(818354L);
        assertThat(old.get(RELEASE_TAG)).isEqualTo("v0.1.0");
        assertThat(newer.get(RELEASE_TAG)).isEqualTo("2021.06");
    }

    @Test
    void readsTheAddedMember() {
        SilverEvent old = parsed(SampleEvents.MEMBER_2015);
        SilverEvent newer = parsed(SampleEvents.MEMBER_2021);

        assertThat(old.get(PAYLOAD_SHAPE)).isEqualTo("member");
        assertThat(old.get(PAYLOAD_ACTION)).isEqualTo("added");
        assertThat(old.get(MEMBER_ID)).isEqualTo(9893986L);
        assertThat(old.get(MEMBER_LOGIN)).isEqualTo("cameronellis");
        assertThat(newer.get(MEMBER_LOGIN)).isEqualTo("bo");
    }

    @Test
    void readsWikiPagesAsACountAndAnArrayOfNames() {
        SilverEvent event = parsed(SampleEvents.GOLLUM_2015);

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("gollum");
        assertThat(event.get(GOLLUM_PAGE_COUNT)).isEqualTo(2);
        // a name with a comma stays one name: why this is an array and not a joined string
        assertThat((String[]) event.get(GOLLUM_PAGE_NAMES)).containsExactly("Home", "Build, test & deploy");
        assertThat(event.get(PAYLOAD_ACTION)).isNull();
    }

    @Test
    void readsAPublicEventWithItsEmptyPayload() {
        SilverEvent event = parsed(SampleEvents.PUBLIC_2015);

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("public");
        assertThat(event.get(PAYLOAD_ACTION)).isNull();
    }

    @Test
    void keepsAnUnknownFutureTypeWithItsCommonColumnsAndAction() {
        SilverEvent event = parsed(SampleEvents.UNKNOWN_2025);

        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("unknown_type");
        assertThat(event.get(EVENT_TYPE)).isEqualTo("AgentSessionEvent");
        assertThat(event.get(PAYLOAD_ACTION)).isEqualTo("started");
        assertThat(event.get(REPO_NAME)).isEqualTo("octo/hello");
    }

    @Test
    void keepsAnEventWithoutPayloadAsNoPayload() {
        SilverEvent absent = parsed(SampleEvents.of2021("PushEvent", null));
        SilverEvent jsonNull = parsed(SampleEvents.of2021("PushEvent", "null"));

        assertThat(absent.get(PAYLOAD_SHAPE)).isEqualTo("no_payload");
        assertThat(absent.get(PUSH_REF)).isNull();
        assertThat(jsonNull.get(PAYLOAD_SHAPE)).isEqualTo("no_payload");
    }

    @Test
    void leavesAColumnNullWhenItsFieldIsJsonNull() {
        SilverEvent event = parsed(SampleEvents.of2015("PushEvent", "{\"size\":null,\"ref\":null,\"commits\":null}"));

        assertThat(event.get(PUSH_SIZE)).isNull();
        assertThat(event.get(PUSH_REF)).isNull();
        assertThat(event.get(PUSH_COMMIT_COUNT)).isNull();
        assertThat(event.get(PAYLOAD_SHAPE)).isEqualTo("push_slim");
    }

    @Test
    void readsAnIntegerSentAsADecimalString() {
        SilverEvent event = parsed(SampleEvents.of2025("PushEvent", "{\"push_id\":\"27011223344\",\"size\":\"3\"}"));

        assertThat(event.get(PUSH_ID)).isEqualTo(27011223344L);
        assertThat(event.get(PUSH_SIZE)).isEqualTo(3);
    }
}

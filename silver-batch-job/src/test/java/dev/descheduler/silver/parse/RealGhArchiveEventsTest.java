package dev.descheduler.silver.parse;

import static dev.descheduler.silver.parse.SilverColumn.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every real event of ../shared/data becomes a Silver row whose columns agree with its raw JSON. */
class RealGhArchiveEventsTest {

    private static final int MAX_REPORTED = 20;

    private final SilverEventParser parser = new SilverEventParser();
    private final Map<String, Integer> eventsPerType = new TreeMap<>();
    private final Map<String, Integer> eventsPerShape = new TreeMap<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private final List<String> mismatches = new ArrayList<>();

    @Test
    void parsesEveryRealEventWithoutARejectionAndAsItsRawJsonSays() {
        for (Path file : GhArchiveEvents.files()) {
            try (Stream<String> lines = GhArchiveEvents.lines(file)) {
                lines.forEach(this::check);
            }
        }

        assertThat(rejections).isEmpty();
        assertThat(mismatches).isEmpty();
        // the counts of ../shared/data/README.md
        assertThat(eventsPerType)
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry("PushEvent", 28_761),
                        Map.entry("CreateEvent", 5_826),
                        Map.entry("WatchEvent", 5_504),
                        Map.entry("IssueCommentEvent", 3_737),
                        Map.entry("IssuesEvent", 2_271),
                        Map.entry("PullRequestEvent", 2_051),
                        Map.entry("ForkEvent", 1_692),
                        Map.entry("DeleteEvent", 828),
                        Map.entry("GollumEvent", 606),
                        Map.entry("PullRequestReviewCommentEvent", 489),
                        Map.entry("CommitCommentEvent", 334),
                        Map.entry("ReleaseEvent", 229),
                        Map.entry("MemberEvent", 106),
                        Map.entry("PublicEvent", 46)));
        assertThat(eventsPerType.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(52_480);
        // 2015 payloads predate every removal: no slim shape, no unknown type
        assertThat(eventsPerShape)
                .containsEntry("push_full", 28_761)
                .containsEntry("pull_request_full", 2_051)
                .containsEntry("pull_request_review_comment_full", 489)
                .doesNotContainKeys("push_slim", "pull_request_slim", "unknown_type", "no_payload");
    }

    private void check(String line) {
        JsonNode raw = GhArchiveEvents.tree(line);
        ParseResult result = parser.parse(GhArchiveEvents.toRow(raw));
        if (result instanceof Rejection rejection) {
            if (rejections.size() < MAX_REPORTED) {
                rejections.add(rejection);
            }
            return;
        }
        SilverEvent event = (SilverEvent) result;
        eventsPerType.merge((String) event.get(EVENT_TYPE), 1, Integer::sum);
        eventsPerShape.merge((String) event.get(PAYLOAD_SHAPE), 1, Integer::sum);

        Object[] values = event.toValues();
        for (SilverColumn column : SilverColumn.all()) {
            Object value = values[column.ordinal()];
            if (value != null && !column.type().javaClass().isInstance(value) && mismatches.size() < MAX_REPORTED) {
                mismatches.add(event.eventId() + " " + column.columnName() + " is not " + column.type());
            }
        }
        JsonNode payload = raw.get("payload");
        expect(event, EVENT_ID, raw.get("id").asText());
        expect(event, CREATED_AT, Instant.parse(raw.get("created_at").asText()));
        expect(event, ACTOR_LOGIN, raw.at("/actor/login").asText());
        expect(event, ACTOR_DISPLAY_LOGIN, null);
        expect(event, REPO_NAME, raw.at("/repo/name").asText());
        expect(event, ORG_ID, raw.has("org") ? raw.at("/org/id").asLong() : null);
        switch (raw.get("type").asText()) {
            case "PushEvent" -> {
                expect(event, PUSH_ID, payload.get("push_id").asLong());
                expect(event, PUSH_REF, payload.get("ref").asText());
                expect(event, PUSH_HEAD, payload.get("head").asText());
                expect(event, PUSH_SIZE, payload.get("size").asInt());
                expect(event, PUSH_DISTINCT_SIZE, payload.get("distinct_size").asInt());
                expect(event, PUSH_COMMIT_COUNT, payload.get("commits").size());
            }
            case "PullRequestEvent" -> {
                expect(event, PAYLOAD_ACTION, payload.get("action").asText());
                expect(event, PR_NUMBER, payload.get("number").asInt());
                expect(event, PR_ID, payload.at("/pull_request/id").asLong());
                expect(event, PR_TITLE, payload.at("/pull_request/title").asText());
                expect(event, PR_STATE, payload.at("/pull_request/state").asText());
                expect(event, PR_IS_MERGED, payload.at("/pull_request/merged").asBoolean());
                expect(event, PR_MERGED_AT, instantOrNull(payload.at("/pull_request/merged_at")));
                expect(
                        event,
                        PR_ADDITIONS,
                        payload.at("/pull_request/additions").asInt());
                expect(event, PR_BASE_REF, payload.at("/pull_request/base/ref").asText());
                expect(event, PR_HEAD_REF, payload.at("/pull_request/head/ref").asText());
            }
            case "IssuesEvent", "IssueCommentEvent" -> {
                expect(event, ISSUE_NUMBER, payload.at("/issue/number").asInt());
                expect(event, ISSUE_STATE, payload.at("/issue/state").asText());
                expect(event, ISSUE_IS_PULL_REQUEST, payload.get("issue").hasNonNull("pull_request"));
            }
            case "CreateEvent", "DeleteEvent" -> {
                expect(
                        event,
                        REF,
                        payload.get("ref").isNull() ? null : payload.get("ref").asText());
                expect(event, REF_TYPE, payload.get("ref_type").asText());
            }
            case "ForkEvent" ->
                expect(event, FORKEE_FULL_NAME, payload.at("/forkee/full_name").asText());
            case "ReleaseEvent" ->
                expect(event, RELEASE_TAG, payload.at("/release/tag_name").asText());
            case "MemberEvent" ->
                expect(event, MEMBER_LOGIN, payload.at("/member/login").asText());
            case "GollumEvent" ->
                expect(event, GOLLUM_PAGE_COUNT, payload.get("pages").size());
            case "PullRequestReviewCommentEvent", "CommitCommentEvent" ->
                expect(event, COMMENT_ID, payload.at("/comment/id").asLong());
            default -> {}
        }
    }

    private void expect(SilverEvent event, SilverColumn column, Object expected) {
        Object actual = event.get(column);
        if (!Objects.equals(actual, expected) && mismatches.size() < MAX_REPORTED) {
            mismatches.add(event.eventId() + " " + column.columnName() + ": " + actual + " != " + expected);
        }
    }

    private static Instant instantOrNull(JsonNode node) {
        return node.isNull() || node.isMissingNode() ? null : Instant.parse(node.asText());
    }
}

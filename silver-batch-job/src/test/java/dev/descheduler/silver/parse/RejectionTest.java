package dev.descheduler.silver.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What turns a Bronze row into a rejection, and the exact reason it carries. */
class RejectionTest {

    private final SilverEventParser parser = new SilverEventParser();

    @Test
    void rejectsAPayloadThatIsNotValidJsonAndSaysWhere() {
        Rejection rejection = rejected(SampleEvents.of2015("PushEvent", "{\"ref\":\"refs/heads/master\",\"size\":}"));

        assertThat(rejection.reason())
                .startsWith("payload is not valid JSON: Unexpected character ('}' (code 125))")
                // the '}' is column 35; Jackson 2.15 (Spark's, what the job runs with) reports one past it
                .matches(".* at line 1, column 3[56]$");
    }

    @Test
    void rejectsATruncatedPayload() {
        Rejection rejection = rejected(SampleEvents.of2015("PushEvent", "{\"ref\":\"refs/heads/master\""));

        assertThat(rejection.reason()).startsWith("payload is not valid JSON: Unexpected end-of-input");
    }

    @Test
    void keepsEventContentOutOfJsonErrorReasons() {
        Rejection rejection = rejected(SampleEvents.of2015("PushEvent", "{\"secret-looking\":\"s3cr3t\",}"));

        assertThat(rejection.reason()).startsWith("payload is not valid JSON: ").doesNotContain("s3cr3t");
    }

    @Test
    void rejectsContentAfterThePayloadValue() {
        Rejection rejection = rejected(SampleEvents.of2015("WatchEvent", "{\"action\":\"started\"} {}"));

        assertThat(rejection.reason()).isEqualTo("payload is not valid JSON: more content after its value");
    }

    @Test
    void rejectsAnEmptyPayload() {
        Rejection rejection = rejected(SampleEvents.of2015("WatchEvent", "  "));

        assertThat(rejection.reason()).isEqualTo("payload is not valid JSON: it is empty");
    }

    @Test
    void rejectsAPayloadThatIsAnArray() {
        Rejection rejection = rejected(SampleEvents.of2015("PushEvent", "[{\"ref\":\"refs/heads/master\"}]"));

        assertThat(rejection.reason()).isEqualTo("payload of PushEvent is not an object but an array");
    }

    @Test
    void rejectsAPayloadThatIsAStringEvenForAnUnknownType() {
        Rejection rejection = rejected(SampleEvents.of2025("AgentSessionEvent", "\"started\""));

        assertThat(rejection.reason())
                .isEqualTo("payload of AgentSessionEvent is not an object but a string: \"started\"");
    }

    @Test
    void rejectsACreatedAtThatIsNotIso8601() {
        Rejection rejection = rejected(withCreatedAt("01/01/2015 15:00"));

        assertThat(rejection.reason()).isEqualTo("created_at is not ISO-8601: \"01/01/2015 15:00\"");
    }

    @Test
    void rejectsACreatedAtOfTheRightFormButAnImpossibleDate() {
        Rejection rejection = rejected(withCreatedAt("2015-02-30T00:00:00Z"));

        assertThat(rejection.reason()).isEqualTo("created_at is not ISO-8601: \"2015-02-30T00:00:00Z\"");
    }

    @Test
    void rejectsACreatedAtWithoutAnOffset() {
        Rejection rejection = rejected(withCreatedAt("2015-01-01T15:00:01"));

        assertThat(rejection.reason()).isEqualTo("created_at is not ISO-8601: \"2015-01-01T15:00:01\"");
    }

    @Test
    void rejectsAMissingCreatedAt() {
        assertThat(rejected(withCreatedAt(null)).reason()).isEqualTo("created_at is missing");
    }

    @Test
    void rejectsARowWithoutAnIdAndLeavesTheEventIdNull() {
        BronzeEventRow row = SampleEvents.WATCH_2015;
        Rejection rejection = rejected(new BronzeEventRow(
                row.ingestId(),
                row.receivedAt(),
                " ",
                row.type(),
                row.actor(),
                row.repo(),
                row.org(),
                row.payload(),
                row.createdAt()));

        assertThat(rejection.reason()).isEqualTo("id is missing");
        assertThat(rejection.eventId()).isNull();
        assertThat(rejection.ingestId()).isEqualTo(row.ingestId());
    }

    @Test
    void rejectsARowWithoutAType() {
        BronzeEventRow row = SampleEvents.WATCH_2015;
        Rejection rejection = rejected(new BronzeEventRow(
                row.ingestId(),
                row.receivedAt(),
                row.id(),
                null,
                row.actor(),
                row.repo(),
                row.org(),
                row.payload(),
                row.createdAt()));

        assertThat(rejection.reason()).isEqualTo("type is missing");
    }

    @Test
    void namesTheEventAndItsCopyInARejection() {
        Rejection rejection = rejected(SampleEvents.of2021("PushEvent", "[]"));

        assertThat(rejection.eventId()).isEqualTo("16812345678");
        assertThat(rejection.eventType()).isEqualTo("PushEvent");
        assertThat(rejection.ingestId()).isEqualTo("0190a1b2-0000-7000-8000-000000000021");
    }

    @Test
    void rejectsAFieldOfTheWrongTypeAndNamesItsPath() {
        Rejection size = rejected(SampleEvents.of2015("PushEvent", "{\"size\":\"three\"}"));
        Rejection commits = rejected(SampleEvents.of2015("PushEvent", "{\"commits\":{\"sha\":\"1a2b\"}}"));
        Rejection pullRequest = rejected(SampleEvents.of2015("PullRequestEvent", "{\"pull_request\":42}"));
        Rejection merged = rejected(SampleEvents.of2015("PullRequestEvent", "{\"pull_request\":{\"merged\":\"yes\"}}"));
        Rejection ref = rejected(SampleEvents.of2015("CreateEvent", "{\"ref\":{\"name\":\"main\"}}"));

        assertThat(size.reason()).isEqualTo("payload.size of PushEvent is not an integer but a string: \"three\"");
        assertThat(commits.reason()).isEqualTo("payload.commits of PushEvent is not an array but an object");
        assertThat(pullRequest.reason())
                .isEqualTo("payload.pull_request of PullRequestEvent is not an object but a number: 42");
        assertThat(merged.reason())
                .isEqualTo("payload.pull_request.merged of PullRequestEvent is not a boolean but a string: \"yes\"");
        assertThat(ref.reason()).isEqualTo("payload.ref of CreateEvent is not a string but an object");
    }

    @Test
    void rejectsANumberTooLargeForItsColumn() {
        Rejection rejection = rejected(SampleEvents.of2015("PushEvent", "{\"size\":3000000000}"));

        assertThat(rejection.reason())
                .isEqualTo("payload.size of PushEvent is out of range for an integer: 3000000000");
    }

    @Test
    void rejectsAPayloadTimestampThatIsNotIso8601() {
        Rejection rejection = rejected(
                SampleEvents.of2015("PullRequestEvent", "{\"pull_request\":{\"merged_at\":\"last tuesday\"}}"));

        assertThat(rejection.reason())
                .isEqualTo("payload.pull_request.merged_at of PullRequestEvent is not ISO-8601: \"last tuesday\"");
    }

    @Test
    void ignoresFieldsOfAnyTypeThatNoColumnReads() {
        ParseResult result = parser.parse(SampleEvents.of2015(
                "PushEvent",
                "{\"ref\":\"refs/heads/x\",\"repository_id\":[1,{\"a\":null}],\"extra\":{\"size\":\"big\"}}"));

        assertThat(result).isInstanceOf(SilverEvent.class);
    }

    private Rejection rejected(BronzeEventRow row) {
        ParseResult result = parser.parse(row);
        assertThat(result).isInstanceOf(Rejection.class);
        return (Rejection) result;
    }

    private static BronzeEventRow withCreatedAt(String createdAt) {
        BronzeEventRow row = SampleEvents.WATCH_2015;
        return new BronzeEventRow(
                row.ingestId(),
                row.receivedAt(),
                row.id(),
                row.type(),
                row.actor(),
                row.repo(),
                row.org(),
                row.payload(),
                createdAt);
    }
}

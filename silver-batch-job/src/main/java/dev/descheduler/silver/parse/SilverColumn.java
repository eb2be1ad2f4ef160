package dev.descheduler.silver.parse;

import static dev.descheduler.silver.parse.ColumnType.BOOLEAN;
import static dev.descheduler.silver.parse.ColumnType.DATE;
import static dev.descheduler.silver.parse.ColumnType.INT;
import static dev.descheduler.silver.parse.ColumnType.LONG;
import static dev.descheduler.silver.parse.ColumnType.STRING;
import static dev.descheduler.silver.parse.ColumnType.STRING_ARRAY;
import static dev.descheduler.silver.parse.ColumnType.TIMESTAMP;

import java.util.List;
import java.util.Locale;

/**
 * The columns of {@code silver.github_events}, in table order: the one catalogue the Spark job turns into its schema
 * and {@link SilverEvent#toValues()} fills, so no other layer names a column.
 *
 * <p>Every column but {@code event_id}, {@code event_type}, {@code created_at}, {@code created_date} and
 * {@code payload_shape} is nullable: a column is null when the event's type does not have it or when GitHub no longer
 * sends it (see {@link PayloadShape}). The payload's JSON text is not a column: Bronze keeps it, Silver is typed.
 */
public enum SilverColumn {
    EVENT_ID(STRING),
    EVENT_TYPE(STRING),
    CREATED_AT(TIMESTAMP),
    CREATED_DATE(DATE),
    INGEST_ID(STRING),
    RECEIVED_AT(TIMESTAMP),
    ACTOR_ID(LONG),
    ACTOR_LOGIN(STRING),
    ACTOR_DISPLAY_LOGIN(STRING),
    ACTOR_IS_BOT(BOOLEAN),
    REPO_ID(LONG),
    REPO_NAME(STRING),
    REPO_OWNER(STRING),
    ORG_ID(LONG),
    ORG_LOGIN(STRING),
    PAYLOAD_SHAPE(STRING),
    PAYLOAD_ACTION(STRING),
    // PushEvent
    PUSH_ID(LONG),
    PUSH_REF(STRING),
    PUSH_HEAD(STRING),
    PUSH_BEFORE(STRING),
    PUSH_SIZE(INT),
    PUSH_DISTINCT_SIZE(INT),
    PUSH_COMMIT_COUNT(INT),
    // PullRequestEvent, and the pull request a review or review comment belongs to
    PR_NUMBER(INT),
    PR_ID(LONG),
    PR_STATE(STRING),
    PR_TITLE(STRING),
    PR_IS_MERGED(BOOLEAN),
    PR_MERGED_AT(TIMESTAMP),
    PR_ADDITIONS(INT),
    PR_DELETIONS(INT),
    PR_CHANGED_FILES(INT),
    PR_BASE_REF(STRING),
    PR_HEAD_REF(STRING),
    // IssuesEvent, IssueCommentEvent
    ISSUE_NUMBER(INT),
    ISSUE_ID(LONG),
    ISSUE_TITLE(STRING),
    ISSUE_STATE(STRING),
    ISSUE_IS_PULL_REQUEST(BOOLEAN),
    // IssueCommentEvent, CommitCommentEvent, PullRequestReviewCommentEvent
    COMMENT_ID(LONG),
    // PullRequestReviewEvent
    REVIEW_ID(LONG),
    REVIEW_STATE(STRING),
    // CreateEvent, DeleteEvent
    REF(STRING),
    REF_TYPE(STRING),
    // ForkEvent
    FORKEE_ID(LONG),
    FORKEE_FULL_NAME(STRING),
    // ReleaseEvent
    RELEASE_ID(LONG),
    RELEASE_TAG(STRING),
    // MemberEvent
    MEMBER_ID(LONG),
    MEMBER_LOGIN(STRING),
    // GollumEvent
    GOLLUM_PAGE_COUNT(INT),
    GOLLUM_PAGE_NAMES(STRING_ARRAY);

    private static final List<SilverColumn> ALL = List.of(values());

    private final ColumnType type;
    private final String columnName;

    SilverColumn(ColumnType type) {
        this.type = type;
        this.columnName = name().toLowerCase(Locale.ROOT);
    }

    /** All columns in table order; position {@code i} is {@code toValues()[i]}. */
    public static List<SilverColumn> all() {
        return ALL;
    }

    /** The snake_case column name in the table. */
    public String columnName() {
        return columnName;
    }

    public ColumnType type() {
        return type;
    }
}

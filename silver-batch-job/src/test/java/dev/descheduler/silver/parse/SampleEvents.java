package dev.descheduler.silver.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

/**
 * Hand-written events of every type in the shapes of three eras, trimmed to the fields that matter plus a few
 * neighbours: 2015 (GH Archive's first Events API year, no {@code display_login}), 2021 (with {@code display_login},
 * {@code node_id} and review events) and after October 2025 (push without size and commits, pull requests without
 * merged, title and state). Every type has all three eras but {@code PullRequestReviewEvent}, which the Events API
 * only started to publish in 2020.
 */
final class SampleEvents {

    static final Instant RECEIVED_AT = Instant.parse("2026-01-02T03:04:05Z");

    static final BronzeEventRow PUSH_2015 = of2015(
            "PushEvent",
            """
            {"push_id":536752122,"size":2,"distinct_size":1,"ref":"refs/heads/master",
             "head":"6b7b1f2b5ed7e6b3bbf2a1c3bd1c5b6b8bb0b5c1","before":"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
             "commits":[
              {"sha":"0c1d2e3f","author":{"email":"5c2a1f0e@example.com","name":"Ann"},"message":"Fix \\"quotes\\" [ci]",
               "distinct":true,"url":"https://api.github.com/repos/octo/hello/commits/0c1d2e3f"},
              {"sha":"6b7b1f2b","author":{"email":"5c2a1f0e@example.com","name":"Ann"},"message":"Merge",
               "distinct":false,"url":"https://api.github.com/repos/octo/hello/commits/6b7b1f2b"}]}
            """);

    static final BronzeEventRow PUSH_2021 = of2021(
            "PushEvent",
            """
            {"push_id":7365482410,"size":1,"distinct_size":1,"ref":"refs/heads/main",
             "head":"f00dfacef00dfacef00dfacef00dfacef00dface","before":"0000000000000000000000000000000000000000",
             "commits":[{"sha":"f00dface","author":{"email":"9f8e@users.noreply.github.com","name":"Bo"},
               "message":"Initial commit","distinct":true,"url":"https://api.github.com/repos/octo/hello/commits/f00dface"}]}
            """);

    static final BronzeEventRow PUSH_2025 = of2025(
            "PushEvent",
            """
            {"repository_id":123456789,"push_id":27011223344,"ref":"refs/heads/main",
             "head":"c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff","before":"beefbeefbeefbeefbeefbeefbeefbeefbeefbeef"}
            """);

    static final BronzeEventRow PULL_REQUEST_2015 = of2015(
            "PullRequestEvent",
            """
            {"action":"closed","number":12,"pull_request":{
              "url":"https://api.github.com/repos/octo/hello/pulls/12","id":26743000,"number":12,"state":"closed",
              "locked":false,"title":"Fix the parser","user":{"login":"ann","id":11,"type":"User"},"body":"Closes #3",
              "created_at":"2014-12-30T10:00:00Z","closed_at":"2015-01-01T14:59:00Z",
              "merged_at":"2015-01-01T14:59:00Z","merge_commit_sha":"abc","assignee":null,"milestone":null,
              "head":{"label":"ann:fix","ref":"fix","sha":"1a2b","user":{"login":"ann","id":11},
                      "repo":{"id":2,"name":"hello","full_name":"ann/hello","owner":{"login":"ann","id":11}}},
              "base":{"label":"octo:master","ref":"master","sha":"3c4d","user":{"login":"octo","id":1},
                      "repo":{"id":1,"name":"hello","full_name":"octo/hello","owner":{"login":"octo","id":1}}},
              "_links":{"self":{"href":"https://api.github.com/repos/octo/hello/pulls/12"}},
              "merged":true,"mergeable":null,"mergeable_state":"unknown","merged_by":{"login":"octo","id":1},
              "comments":1,"review_comments":0,"commits":2,"additions":10,"deletions":2,"changed_files":3}}
            """);

    static final BronzeEventRow PULL_REQUEST_2021 = of2021(
            "PullRequestEvent",
            """
            {"action":"opened","number":7,"pull_request":{
              "url":"https://api.github.com/repos/octo/hello/pulls/7","id":651234567,"node_id":"MDExOlB1bGxSZXF1ZXN0",
              "number":7,"state":"open","locked":false,"title":"Add CI","user":{"login":"bo","id":22},"body":null,
              "created_at":"2021-06-01T11:59:00Z","closed_at":null,"merged_at":null,"requested_reviewers":[],
              "labels":[{"id":1,"name":"ci"}],"draft":false,
              "head":{"label":"bo:ci","ref":"ci","sha":"5e6f","repo":{"id":3,"full_name":"bo/hello"}},
              "base":{"label":"octo:main","ref":"main","sha":"7a8b","repo":{"id":1,"full_name":"octo/hello"}},
              "author_association":"CONTRIBUTOR","auto_merge":null,"active_lock_reason":null,"merged":false,
              "mergeable":null,"rebaseable":null,"merged_by":null,"comments":0,"review_comments":0,
              "maintainer_can_modify":true,"commits":1,"additions":25,"deletions":0,"changed_files":1}}
            """);

    static final BronzeEventRow PULL_REQUEST_2025 = of2025(
            "PullRequestEvent",
            """
            {"action":"opened","number":42,"pull_request":{
              "url":"https://api.github.com/repos/octo/hello/pulls/42","id":2900000001,"number":42,
              "head":{"ref":"feature/x","sha":"9c0d","repo":{"id":1,"url":"https://api.github.com/repos/octo/hello","name":"octo/hello"}},
              "base":{"ref":"main","sha":"1e2f","repo":{"id":1,"url":"https://api.github.com/repos/octo/hello","name":"octo/hello"}}},
             "assignees":[],"labels":[]}
            """);

    static final BronzeEventRow REVIEW_2021 = of2021(
            "PullRequestReviewEvent",
            """
            {"action":"created","review":{"id":701234567,"node_id":"MDE3","user":{"login":"octo","id":1},"body":null,
              "commit_id":"5e6f","submitted_at":"2021-06-01T12:00:00Z","state":"approved","author_association":"OWNER"},
             "pull_request":{"url":"https://api.github.com/repos/octo/hello/pulls/7","id":651234567,"number":7,
              "state":"open","locked":false,"title":"Add CI","merged_at":null,
              "head":{"ref":"ci","sha":"5e6f"},"base":{"ref":"main","sha":"7a8b"}}}
            """);

    static final BronzeEventRow REVIEW_2025 = of2025(
            "PullRequestReviewEvent",
            """
            {"action":"created","review":{"id":3300000001,"user":{"login":"octo","id":1},"body":"LGTM",
              "commit_id":"9c0d","submitted_at":"2025-11-03T09:14:00Z","state":"changes_requested"},
             "pull_request":{"url":"https://api.github.com/repos/octo/hello/pulls/42","id":2900000001,"number":42,
              "head":{"ref":"feature/x","sha":"9c0d"},"base":{"ref":"main","sha":"1e2f"}}}
            """);

    static final BronzeEventRow REVIEW_COMMENT_2015 = of2015(
            "PullRequestReviewCommentEvent",
            """
            {"action":"created","comment":{"url":"https://api.github.com/repos/octo/hello/pulls/comments/22398052",
              "id":22398052,"diff_hunk":"@@ -1,3 +1,4 @@","path":"README.md","position":4,"original_position":4,
              "commit_id":"1a2b","original_commit_id":"1a2b","user":{"login":"octo","id":1},"body":"typo?"},
             "pull_request":{"url":"https://api.github.com/repos/octo/hello/pulls/12","id":26743000,"number":12,
              "state":"open","locked":false,"title":"Fix the parser","merged_at":null,
              "head":{"ref":"fix","sha":"1a2b"},"base":{"ref":"master","sha":"3c4d"}}}
            """);

    static final BronzeEventRow REVIEW_COMMENT_2025 = of2025(
            "PullRequestReviewCommentEvent",
            """
            {"action":"created","comment":{"id":2500000001,"path":"src/Main.java","body":"nit"},
             "pull_request":{"url":"https://api.github.com/repos/octo/hello/pulls/42","id":2900000001,"number":42,
              "head":{"ref":"feature/x","sha":"9c0d"},"base":{"ref":"main","sha":"1e2f"}}}
            """);

    static final BronzeEventRow REVIEW_COMMENT_2021 = of2021(
            "PullRequestReviewCommentEvent",
            """
            {"action":"created","comment":{"id":643000000,"node_id":"MDI0","path":"ci.yml","position":2,
              "commit_id":"5e6f","user":{"login":"octo","id":1},"body":"pin the version","pull_request_review_id":7012},
             "pull_request":{"url":"https://api.github.com/repos/octo/hello/pulls/7","id":651234567,"number":7,
              "state":"open","locked":false,"title":"Add CI","draft":false,"merged_at":null,
              "head":{"ref":"ci","sha":"5e6f"},"base":{"ref":"main","sha":"7a8b"}}}
            """);

    static final BronzeEventRow ISSUES_2015 = of2015(
            "IssuesEvent",
            """
            {"action":"opened","issue":{"url":"https://api.github.com/repos/octo/hello/issues/3","id":53149530,
              "number":3,"title":"Parser crashes","user":{"login":"ann","id":11},"labels":[],"state":"open",
              "locked":false,"assignee":null,"milestone":null,"comments":0,"created_at":"2015-01-01T15:00:00Z",
              "updated_at":"2015-01-01T15:00:00Z","closed_at":null,"body":"Steps: …"}}
            """);

    static final BronzeEventRow ISSUES_2021 = of2021(
            "IssuesEvent",
            """
            {"action":"labeled","issue":{"id":907000001,"node_id":"MDU6","number":9,"title":"Slow build",
              "user":{"login":"bo","id":22},"labels":[{"id":5,"name":"perf"}],"state":"open","assignees":[],
              "active_lock_reason":null,"performed_via_github_app":null,"body":null},
             "label":{"id":5,"name":"perf"}}
            """);

    static final BronzeEventRow ISSUES_2025 = of2025(
            "IssuesEvent",
            """
            {"action":"closed","issue":{"id":3500000001,"node_id":"I_kwDO","number":1234,"title":"Flaky test",
              "user":{"login":"bo","id":22},"labels":[],"state":"closed","state_reason":"completed","assignees":[],
              "comments":3,"closed_at":"2025-11-03T09:15:00Z","body":null,"reactions":{"total_count":0}}}
            """);

    static final BronzeEventRow ISSUE_COMMENT_ON_PR_2015 = of2015(
            "IssueCommentEvent",
            """
            {"action":"created","issue":{"id":53149531,"number":12,"title":"Fix the parser","state":"open",
              "pull_request":{"url":"https://api.github.com/repos/octo/hello/pulls/12"},"body":"…"},
             "comment":{"id":68500000,"user":{"login":"octo","id":1},"body":"Thanks!"}}
            """);

    static final BronzeEventRow ISSUE_COMMENT_2021 = of2021(
            "IssueCommentEvent",
            """
            {"action":"created","issue":{"id":907000000,"node_id":"I_x","number":8,"title":"Docs","state":"open",
              "labels":[],"assignees":[],"body":"…","performed_via_github_app":null},
             "comment":{"id":850000000,"node_id":"IC_x","user":{"login":"bo","id":22},"body":"+1"}}
            """);

    static final BronzeEventRow ISSUE_COMMENT_2025 = of2025(
            "IssueCommentEvent",
            """
            {"action":"created","issue":{"id":3500000002,"number":1235,"title":"Bump lodash","state":"open",
              "pull_request":{"url":"https://api.github.com/repos/octo/hello/pulls/1235","merged_at":null}},
             "comment":{"id":3400000001,"user":{"login":"dependabot[bot]","id":49699333},"body":"@dependabot rebase"}}
            """);

    static final BronzeEventRow COMMIT_COMMENT_2015 = of2015(
            "CommitCommentEvent",
            """
            {"comment":{"id":9134000,"commit_id":"1a2b","path":null,"line":null,"position":null,"body":"nice"}}
            """);

    static final BronzeEventRow COMMIT_COMMENT_2021 = of2021(
            "CommitCommentEvent",
            """
            {"action":"created","comment":{"id":51000000,"node_id":"CC_x","commit_id":"5e6f","body":"why?"}}
            """);

    static final BronzeEventRow COMMIT_COMMENT_2025 = of2025(
            "CommitCommentEvent",
            """
            {"action":"created","comment":{"id":160000001,"commit_id":"c0ffee","path":"README.md","line":3,"body":"?"}}
            """);

    static final BronzeEventRow CREATE_TAG_2015 = of2015(
            "CreateEvent",
            """
            {"ref":"v1.0","ref_type":"tag","master_branch":"master","description":null,"pusher_type":"user"}
            """);

    static final BronzeEventRow CREATE_REPOSITORY_2021 = of2021(
            "CreateEvent",
            """
            {"ref":null,"ref_type":"repository","master_branch":"main","description":"Hello","pusher_type":"user"}
            """);

    static final BronzeEventRow CREATE_BRANCH_2025 = of2025(
            "CreateEvent",
            """
            {"ref":"feature/x","ref_type":"branch","full_ref":"refs/heads/feature/x","master_branch":"main",
             "description":null,"pusher_type":"user"}
            """);

    static final BronzeEventRow DELETE_2015 = of2015(
            "DeleteEvent", """
            {"ref":"fix","ref_type":"branch","pusher_type":"user"}
            """);

    static final BronzeEventRow DELETE_2021 = of2021(
            "DeleteEvent",
            """
            {"ref":"dependabot/npm_and_yarn/lodash-4.17.21","ref_type":"branch","pusher_type":"user"}
            """);

    static final BronzeEventRow DELETE_2025 = of2025(
            "DeleteEvent",
            """
            {"ref":"feature/x","ref_type":"branch","full_ref":"refs/heads/feature/x","pusher_type":"user"}
            """);

    static final BronzeEventRow FORK_2015 = of2015(
            "ForkEvent",
            """
            {"forkee":{"id":28688675,"name":"hello","full_name":"ann/hello","owner":{"login":"ann","id":11},
              "private":false,"fork":true,"created_at":"2015-01-01T15:00:01Z","public":true}}
            """);

    static final BronzeEventRow FORK_2021 = of2021(
            "ForkEvent",
            """
            {"forkee":{"id":372000000,"node_id":"MDEw","name":"hello","full_name":"bo/hello",
              "owner":{"login":"bo","id":22},"private":false,"fork":true,"topics":[],"visibility":"public"}}
            """);

    static final BronzeEventRow FORK_2025 = of2025(
            "ForkEvent",
            """
            {"forkee":{"id":1090000001,"name":"hello","full_name":"carol/hello","owner":{"login":"carol","id":3},
              "private":false,"fork":true,"visibility":"public","default_branch":"main"}}
            """);

    static final BronzeEventRow WATCH_2015 = of2015("WatchEvent", """
            {"action":"started"}
            """);

    static final BronzeEventRow WATCH_2021 = of2021("WatchEvent", """
            {"action":"started"}
            """);

    static final BronzeEventRow WATCH_2025 = of2025("WatchEvent", """
            {"action":"started"}
            """);

    static final BronzeEventRow RELEASE_2015 = of2015(
            "ReleaseEvent",
            """
            {"action":"published","release":{"id":818354,"tag_name":"v0.1.0","target_commitish":"master",
              "name":"First","draft":false,"author":{"login":"octo","id":1},"prerelease":false,"assets":[],
              "body":"notes"}}
            """);

    static final BronzeEventRow RELEASE_2021 = of2021(
            "ReleaseEvent",
            """
            {"action":"published","release":{"id":44000000,"node_id":"MDc6","tag_name":"2021.06","name":null,
              "draft":false,"author":{"login":"bo","id":22},"prerelease":true,"assets":[],"body":null,
              "mentions_count":0}}
            """);

    static final BronzeEventRow RELEASE_2025 = of2025(
            "ReleaseEvent",
            """
            {"action":"published","release":{"id":260000001,"tag_name":"v2.0.0","name":"v2.0.0","draft":false,
              "prerelease":false,"author":{"login":"octo","id":1},"assets":[],"body":"…","immutable":false}}
            """);

    static final BronzeEventRow MEMBER_2015 = of2015(
            "MemberEvent",
            """
            {"member":{"login":"cameronellis","id":9893986,"type":"User","site_admin":false},"action":"added"}
            """);

    static final BronzeEventRow MEMBER_2021 = of2021(
            "MemberEvent",
            """
            {"member":{"login":"bo","id":22,"node_id":"MDQ6","type":"User"},"action":"added"}
            """);

    static final BronzeEventRow MEMBER_2025 = of2025(
            "MemberEvent",
            """
            {"action":"added","member":{"login":"dana","id":4,"type":"User","user_view_type":"public"}}
            """);

    static final BronzeEventRow GOLLUM_2015 = of2015(
            "GollumEvent",
            """
            {"pages":[
              {"page_name":"Home","title":"Home","summary":null,"action":"edited","sha":"1a6e","html_url":"https://github.com/octo/hello/wiki/Home"},
              {"page_name":"Build, test & deploy","title":"Build, test & deploy","summary":null,"action":"created",
               "sha":"2b7f","html_url":"https://github.com/octo/hello/wiki/Build,-test-&-deploy"}]}
            """);

    static final BronzeEventRow GOLLUM_2021 = of2021(
            "GollumEvent",
            """
            {"pages":[{"page_name":"Roadmap","title":"Roadmap","summary":null,"action":"created","sha":"3c8a",
              "html_url":"https://github.com/octo/hello/wiki/Roadmap"}]}
            """);

    static final BronzeEventRow GOLLUM_2025 = of2025(
            "GollumEvent",
            """
            {"pages":[{"page_name":"Home","title":"Home","summary":null,"action":"edited","sha":"4d9b",
              "html_url":"https://github.com/octo/hello/wiki/Home"}]}
            """);

    static final BronzeEventRow PUBLIC_2015 = of2015("PublicEvent", "{}");

    static final BronzeEventRow PUBLIC_2021 = of2021("PublicEvent", "{}");

    static final BronzeEventRow PUBLIC_2025 = of2025("PublicEvent", "{}");

    /** A type GitHub had retired before 2015 (GH Archive's older files still carry it). */
    static final BronzeEventRow UNKNOWN_2015 =
            of2015("FollowEvent", """
            {"target":{"login":"octo","id":1,"followers":10}}
            """);

    static final BronzeEventRow UNKNOWN_2025 = of2025(
            "AgentSessionEvent",
            """
            {"action":"started","session":{"id":"s-1","model":"x"}}
            """);

    private static final SilverEventParser PARSER = new SilverEventParser();

    private SampleEvents() {}

    /** Parses a row that must become a Silver row; a rejection fails the test with its reason. */
    static SilverEvent parsed(BronzeEventRow row) {
        ParseResult result = PARSER.parse(row);
        assertThat(result).as("parse result of %s", row.type()).isInstanceOf(SilverEvent.class);
        return (SilverEvent) result;
    }

    /** Every sample with the payload_shape it must get. */
    static List<Sample> all() {
        return List.of(
                new Sample("push_2015", PUSH_2015, "push_full"),
                new Sample("push_2021", PUSH_2021, "push_full"),
                new Sample("push_2025", PUSH_2025, "push_slim"),
                new Sample("pull_request_2015", PULL_REQUEST_2015, "pull_request_full"),
                new Sample("pull_request_2021", PULL_REQUEST_2021, "pull_request_full"),
                new Sample("pull_request_2025", PULL_REQUEST_2025, "pull_request_slim"),
                new Sample("review_2021", REVIEW_2021, "pull_request_review_full"),
                new Sample("review_2025", REVIEW_2025, "pull_request_review_slim"),
                new Sample("review_comment_2015", REVIEW_COMMENT_2015, "pull_request_review_comment_full"),
                new Sample("review_comment_2021", REVIEW_COMMENT_2021, "pull_request_review_comment_full"),
                new Sample("review_comment_2025", REVIEW_COMMENT_2025, "pull_request_review_comment_slim"),
                new Sample("issues_2015", ISSUES_2015, "issues"),
                new Sample("issues_2021", ISSUES_2021, "issues"),
                new Sample("issues_2025", ISSUES_2025, "issues"),
                new Sample("issue_comment_on_pr_2015", ISSUE_COMMENT_ON_PR_2015, "issue_comment"),
                new Sample("issue_comment_2021", ISSUE_COMMENT_2021, "issue_comment"),
                new Sample("issue_comment_2025", ISSUE_COMMENT_2025, "issue_comment"),
                new Sample("commit_comment_2015", COMMIT_COMMENT_2015, "commit_comment"),
                new Sample("commit_comment_2021", COMMIT_COMMENT_2021, "commit_comment"),
                new Sample("commit_comment_2025", COMMIT_COMMENT_2025, "commit_comment"),
                new Sample("create_tag_2015", CREATE_TAG_2015, "create"),
                new Sample("create_repository_2021", CREATE_REPOSITORY_2021, "create"),
                new Sample("create_branch_2025", CREATE_BRANCH_2025, "create"),
                new Sample("delete_2015", DELETE_2015, "delete"),
                new Sample("delete_2021", DELETE_2021, "delete"),
                new Sample("delete_2025", DELETE_2025, "delete"),
                new Sample("fork_2015", FORK_2015, "fork"),
                new Sample("fork_2021", FORK_2021, "fork"),
                new Sample("fork_2025", FORK_2025, "fork"),
                new Sample("watch_2015", WATCH_2015, "watch"),
                new Sample("watch_2021", WATCH_2021, "watch"),
                new Sample("watch_2025", WATCH_2025, "watch"),
                new Sample("release_2015", RELEASE_2015, "release"),
                new Sample("release_2021", RELEASE_2021, "release"),
                new Sample("release_2025", RELEASE_2025, "release"),
                new Sample("member_2015", MEMBER_2015, "member"),
                new Sample("member_2021", MEMBER_2021, "member"),
                new Sample("member_2025", MEMBER_2025, "member"),
                new Sample("gollum_2015", GOLLUM_2015, "gollum"),
                new Sample("gollum_2021", GOLLUM_2021, "gollum"),
                new Sample("gollum_2025", GOLLUM_2025, "gollum"),
                new Sample("public_2015", PUBLIC_2015, "public"),
                new Sample("public_2021", PUBLIC_2021, "public"),
                new Sample("public_2025", PUBLIC_2025, "public"),
                new Sample("unknown_2015", UNKNOWN_2015, "unknown_type"),
                new Sample("unknown_2025", UNKNOWN_2025, "unknown_type"));
    }

    record Sample(String name, BronzeEventRow row, String shape) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** 2015: no display_login, no organisation. */
    static BronzeEventRow of2015(String type, String payload) {
        return new BronzeEventRow(
                "0190a1b2-0000-7000-8000-000000000015",
                RECEIVED_AT,
                "2489651045",
                type,
                new BronzeEventRow.Actor(665991L, "petroav", null),
                new BronzeEventRow.Repo(28688495L, "petroav/6.828"),
                null,
                payload,
                "2015-01-01T15:00:01Z");
    }

    static BronzeEventRow of2021(String type, String payload) {
        return new BronzeEventRow(
                "0190a1b2-0000-7000-8000-000000000021",
                RECEIVED_AT,
                "16812345678",
                type,
                new BronzeEventRow.Actor(22L, "bo", "bo"),
                new BronzeEventRow.Repo(1L, "octo/hello"),
                new BronzeEventRow.Org(9919L, "octo"),
                payload,
                "2021-06-01T12:00:00Z");
    }

    static BronzeEventRow of2025(String type, String payload) {
        return new BronzeEventRow(
                "0190a1b2-0000-7000-8000-000000000025",
                RECEIVED_AT,
                "55123456789",
                type,
                new BronzeEventRow.Actor(49699333L, "dependabot[bot]", "dependabot"),
                new BronzeEventRow.Repo(123456789L, "octo/hello"),
                new BronzeEventRow.Org(9919L, "octo"),
                payload,
                "2025-11-03T09:15:00Z");
    }
}

{#-
  Every event about one pull request, keyed by (repo_id, pr_number): the pull request's own events, its reviews and
  review comments, and the comments on its conversation (IssueCommentEvents on an issue that is a pull request).
-#}
with

events as (

    select * from {{ ref('stg_github__events') }}
    where repo_id is not null

),

pull_request_events as (

    select
        repo_id,
        pr_number,
        event_id,
        event_type,
        event_at,
        payload_action,
        pr_state,
        pr_is_merged,
        pr_merged_at,
        pr_additions,
        pr_deletions,
        pr_changed_files,
        silver_loaded_at,
        loaded_at_in_silver,
        received_at
    from events
    where event_type in ('PullRequestEvent', 'PullRequestReviewEvent', 'PullRequestReviewCommentEvent')
        and pr_number is not null

),

conversation_comments as (

    select
        repo_id,
        issue_number as pr_number,
        event_id,
        event_type,
        event_at,
        payload_action,
        cast(null as string) as pr_state,
        cast(null as boolean) as pr_is_merged,
        cast(null as timestamp) as pr_merged_at,
        cast(null as int) as pr_additions,
        cast(null as int) as pr_deletions,
        cast(null as int) as pr_changed_files,
        silver_loaded_at,
        loaded_at_in_silver,
        received_at
    from events
    where event_type = 'IssueCommentEvent' and is_pull_request_issue and issue_number is not null

),

final as (

    select * from pull_request_events
    union all
    select * from conversation_comments

)

select * from final

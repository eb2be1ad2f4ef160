{{ config(unique_key=['repo_id', 'pr_number']) }}
{%- set new = new_rows_in(ref('int_pull_request_events_collected')) %}
{{ increment_marker(new) }}
with

pull_request_events as (

    select * from {{ ref('int_pull_request_events_collected') }}

),

changed_pull_requests as (

    select distinct repo_id, pr_number
    from pull_request_events
    where {{ new.condition }}

),

events_of_changed as (

    select pull_request_events.*
    from pull_request_events
    inner join changed_pull_requests using (repo_id, pr_number)

),

lifecycle as (

    select
        repo_id,
        pr_number,
        min(case when event_type = 'PullRequestEvent' and payload_action = 'opened' then event_at end) as opened_at,
        max(case when event_type = 'PullRequestEvent' and payload_action = 'closed' then event_at end) as closed_at,
        -- merged_at from the payload; older payloads without it still say `merged` on the closing event
        coalesce(
            max(pr_merged_at),
            max(case when event_type = 'PullRequestEvent' and payload_action = 'closed' and pr_is_merged then event_at end)
        ) as merged_at,
        -- known only when the closing event still says whether it merged (payloads before October 2025)
        max_by(
            case when event_type = 'PullRequestEvent' and payload_action = 'closed' then pr_is_merged end,
            case when event_type = 'PullRequestEvent' and payload_action = 'closed' then struct(event_at, event_id) end
        ) as is_merged,
        max_by(
            payload_action,
            case when event_type = 'PullRequestEvent' and payload_action in ('opened', 'closed', 'reopened')
                then struct(event_at, event_id) end
        ) as last_state_action,
        max_by(pr_additions, case when pr_additions is not null then struct(event_at, event_id) end) as additions,
        max_by(pr_deletions, case when pr_deletions is not null then struct(event_at, event_id) end) as deletions,
        max_by(pr_changed_files, case when pr_changed_files is not null then struct(event_at, event_id) end)
            as changed_files,
        count_if(event_type = 'PullRequestReviewEvent') as reviews,
        count_if(event_type = 'PullRequestReviewCommentEvent') as review_comments,
        count_if(event_type = 'IssueCommentEvent') as comments,
        min(event_at) as first_event_at,
        max(event_at) as last_event_at,
        max(silver_loaded_at) as silver_loaded_at
    from events_of_changed
    group by repo_id, pr_number

),

final as (

    select
        repo_id,
        pr_number,
        opened_at,
        closed_at,
        merged_at,
        is_merged,
        -- only when both ends are in the data: a pull request opened before it has no known duration
        (unix_timestamp(closed_at) - unix_timestamp(opened_at)) / 3600.0 as hours_to_close,
        (unix_timestamp(merged_at) - unix_timestamp(opened_at)) / 3600.0 as hours_to_merge,
        additions,
        deletions,
        changed_files,
        reviews,
        review_comments,
        comments,
        case
            when last_state_action in ('opened', 'reopened') then 'open'
            when last_state_action = 'closed' and is_merged then 'merged'
            when last_state_action = 'closed' then 'closed'
        end as current_state,
        first_event_at,
        last_event_at,
        silver_loaded_at
    from lifecycle

)

select * from final

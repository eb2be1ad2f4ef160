{{ config(unique_key=['repo_id', 'activity_date'], partition_by=['activity_date'], merge_prune_date='activity_date') }}
{%- set new = new_rows_in(ref('stg_github__events'), 'event_date', where='repo_id is not null') %}
{{ increment_marker(new) }}
with

events as (

    select * from {{ ref('stg_github__events') }}
    where repo_id is not null

),

changed_repo_days as (

    select distinct repo_id, event_date
    from events
    where {{ new.condition }}

),

events_of_changed_days as (

    select events.*
    from events
    inner join changed_repo_days using (repo_id, event_date)
    -- the same groups; spelled out so that only the files of those days are read (macros/incremental.sql)
    where {{ is_on_one_of('events.event_date', new.days) }}

),

final as (

    select
        repo_id,
        event_date as activity_date,
        max_by(repo_name, struct(event_at, event_id)) as repo_name,
        count(*) as events,
        count_if(event_type = 'WatchEvent') as stars,
        count_if(event_type = 'ForkEvent') as forks,
        count_if(event_type = 'PushEvent') as pushes,
        -- null when a push of the day does not say how many commits it had (payloads after October 2025)
        case
            when count_if(event_type = 'PushEvent' and push_commit_count is null) = 0
                then coalesce(sum(case when event_type = 'PushEvent' then push_commit_count end), 0)
        end as commits,
        count_if(event_type = 'PullRequestEvent' and payload_action = 'opened') as pull_requests_opened,
        count_if(event_type = 'PullRequestEvent' and payload_action = 'closed') as pull_requests_closed,
        -- null when a closing event of the day does not say whether it merged
        case
            when count_if(event_type = 'PullRequestEvent' and payload_action = 'closed' and pr_is_merged is null) = 0
                then count_if(event_type = 'PullRequestEvent' and payload_action = 'closed' and pr_is_merged)
        end as pull_requests_merged,
        count_if(event_type = 'IssuesEvent' and payload_action = 'opened') as issues_opened,
        count_if(event_type = 'IssuesEvent' and payload_action = 'closed') as issues_closed,
        count_if(
            event_type in ('IssueCommentEvent', 'CommitCommentEvent', 'PullRequestReviewCommentEvent')
        ) as comments,
        count_if(event_type = 'ReleaseEvent') as releases,
        count(distinct actor_id) as distinct_contributors,
        count_if(is_bot_actor) / count(*) as bot_event_share,
        max(silver_loaded_at) as silver_loaded_at
    from events_of_changed_days
    group by repo_id, event_date

)

select * from final

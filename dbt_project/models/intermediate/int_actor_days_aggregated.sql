{#-
  One row per actor and day with the day's counts; the user mart reads it for the actors it recomputes.
  Per-type and per-category counts come from the event-type macro, so a new type needs no change here.

  An incremental table, not a view: as a view, every run of the user mart aggregated all of Silver into actor-days
  before it could pick the changed actors (most of its time at 1M events, docs/benchmarks.md). Here a run recomputes
  only the actor-days that Silver rows loaded since this table's last run belong to, each from all of that actor's
  events of that day, so a late event gives the same row as a full refresh.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    on_schema_change='append_new_columns',
    unique_key=['actor_id', 'activity_date'],
    partition_by=['activity_date'],
    merge_prune_date='activity_date'
) }}
{%- set new = new_rows_in(ref('stg_github__events'), 'event_date') %}
{{ increment_marker(new) }}
with

events as (

    select * from {{ ref('stg_github__events') }}

),

{% if is_incremental_online() -%}
changed_actor_days as (

    select distinct actor_id, event_date
    from events
    where {{ new.condition }}

),

events_of_changed as (

    select events.*
    from events
    inner join changed_actor_days using (actor_id, event_date)
    -- the same actor-days; spelled out so that only the files of those days are read (macros/incremental.sql)
    where {{ is_on_one_of('events.event_date', new.days) }}

),
{%- else -%}
events_of_changed as (

    select * from events

),
{%- endif %}

hourly as (

    select actor_id, event_date, event_hour_of_day, count(*) as events
    from events_of_changed
    group by actor_id, event_date, event_hour_of_day

),

most_active_hours as (

    -- ties go to the earlier hour, so the answer does not depend on the order rows arrive in
    select actor_id, event_date, min_by(event_hour_of_day, struct(-events, event_hour_of_day)) as most_active_hour
    from hourly
    group by actor_id, event_date

),

repo_days as (

    select actor_id, event_date, repo_id, count(*) as events
    from events_of_changed
    where repo_id is not null
    group by actor_id, event_date, repo_id

),

top_repos as (

    -- ties go to the smaller repository id
    select actor_id, event_date, min_by(repo_id, struct(-events, repo_id)) as top_repo_id
    from repo_days
    group by actor_id, event_date

),

daily as (

    select
        actor_id,
        event_date as activity_date,
        max_by(actor_login, struct(event_at, event_id)) as actor_login,
        bool_or(is_bot_actor) as is_bot,
        min(event_at) as first_event_at,
        max(event_at) as last_event_at,
        count(*) as events,
        {%- for type in event_type_attributes().keys() %}
        count_if(event_type = '{{ type }}') as {{ modules.re.sub('(?<!^)(?=[A-Z])', '_', type[:-5]).lower() }}_events,
        {%- endfor %}
        {%- for category in event_categories() %}
        count_if(event_category = '{{ category }}') as {{ category }}_events,
        sum(case when event_category = '{{ category }}' then activity_weight else 0 end) as {{ category }}_score,
        {%- endfor %}
        -- null when a push of the day does not say how many commits it had (payloads after October 2025)
        case
            when count_if(event_type = 'PushEvent' and push_commit_count is null) = 0
                then coalesce(sum(case when event_type = 'PushEvent' then push_commit_count end), 0)
        end as commits_pushed,
        count_if(event_type = 'PullRequestEvent' and payload_action = 'opened') as pull_requests_opened,
        -- null when a closing event of the day does not say whether it merged
        case
            when count_if(event_type = 'PullRequestEvent' and payload_action = 'closed' and pr_is_merged is null) = 0
                then count_if(event_type = 'PullRequestEvent' and payload_action = 'closed' and pr_is_merged)
        end as pull_requests_merged,
        count(distinct repo_id) as repos_touched,
        sum(activity_weight) as activity_score,
        max(silver_loaded_at) as silver_loaded_at
    from events_of_changed
    group by actor_id, event_date

),

final as (

    select
        daily.*,
        most_active_hours.most_active_hour,
        top_repos.top_repo_id
    from daily
    inner join most_active_hours
        on daily.actor_id = most_active_hours.actor_id and daily.activity_date = most_active_hours.event_date
    left join top_repos
        on daily.actor_id = top_repos.actor_id and daily.activity_date = top_repos.event_date

)

select * from final

{#- a few hundred rows a day: partitions by month, so a MERGE reads the latest month, not one file per day -#}
{{ config(
    unique_key=['event_type', 'event_hour'], partition_by=['months(event_date)'], merge_prune_date='event_date'
) }}
{%- set new = new_rows_in(ref('stg_github__events'), 'event_date') %}
{{ increment_marker(new) }}
with

events as (

    select * from {{ ref('stg_github__events') }}

),

changed_hours as (

    -- the (type, hour) groups that got an event Gold has not seen; all of them on a full build
    select distinct event_type, event_hour
    from events
    where {{ new.condition }}

),

events_of_changed_hours as (

    select events.*
    from events
    inner join changed_hours using (event_type, event_hour)
    -- the same groups; spelled out so that only the files of those days are read (macros/incremental.sql)
    where {{ is_on_one_of('events.event_date', new.days) }}

),

final as (

    select
        event_type,
        event_hour,
        min(event_category) as event_category,
        min(event_date) as event_date,
        count(*) as events,
        count(distinct actor_id) as distinct_actors,
        -- events without a repository count as events, not as a repository
        count(distinct repo_id) as distinct_repos,
        sum(case when is_bot_actor then 1 else 0 end) as bot_events,
        max(silver_loaded_at) as silver_loaded_at
    from events_of_changed_hours
    group by event_type, event_hour

)

select * from final

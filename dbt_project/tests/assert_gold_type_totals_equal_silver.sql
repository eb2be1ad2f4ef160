-- Every Silver event is counted exactly once per event type in Gold's hourly facts, and the per-day user facts
-- count every event of a type as well. Returns the types whose totals differ.
with

silver as (

    select event_type, count(*) as events from {{ source('github', 'github_events') }} group by event_type

),

hourly as (

    select event_type, sum(events) as events from {{ ref('fct_event_type_hourly') }} group by event_type

),

users as (

    select sum(events) as events from {{ ref('fct_user_daily_activity') }}

),

compared as (

    select
        coalesce(silver.event_type, hourly.event_type) as event_type,
        silver.events as silver_events,
        hourly.events as gold_hourly_events
    from silver
    full outer join hourly on silver.event_type = hourly.event_type

)

select event_type, silver_events, gold_hourly_events, cast(null as bigint) as gold_user_events
from compared
where silver_events is null or gold_hourly_events is null or silver_events <> gold_hourly_events

union all

select 'all types', (select sum(events) from silver), null, users.events
from users
where users.events <> (select sum(events) from silver)

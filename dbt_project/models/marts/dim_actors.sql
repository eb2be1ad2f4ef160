{{ config(unique_key='actor_id') }}
{%- set new = new_rows_in(ref('fct_user_daily_activity'), loaded_at_column='silver_loaded_at') %}
{{ increment_marker(new) }}
with

actor_days as (

    select * from {{ ref('fct_user_daily_activity') }}

),

changed_actors as (

    select distinct actor_id from actor_days where {{ new.condition }}

),

days_of_changed as (

    select actor_days.*
    from actor_days
    inner join changed_actors using (actor_id)

),

final as (

    select
        actor_id,
        -- logins change: the one of the actor's latest event
        max_by(actor_login, struct(last_event_at, activity_date)) as actor_login,
        bool_or(is_bot) as is_bot,
        min(first_event_at) as first_seen_at,
        max(last_event_at) as last_seen_at,
        count(*) as active_days,
        sum(events) as lifetime_events,
        sum(activity_score) as lifetime_activity_score,
        sum(push_events) as lifetime_push_events,
        sum(pull_requests_opened) as lifetime_pull_requests_opened,
        max(silver_loaded_at) as silver_loaded_at
    from days_of_changed
    group by actor_id

)

select * from final

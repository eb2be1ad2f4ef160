{{ config(unique_key=['actor_id', 'activity_date'], partition_by=['activity_date'], merge_prune_date='activity_date') }}
{%- set new = new_rows_in(ref('int_actor_days_aggregated'), 'activity_date', loaded_at_column='silver_loaded_at') %}
{{ increment_marker(new) }}
with

actor_days as (

    select * from {{ ref('int_actor_days_aggregated') }}

),

changed_actors as (

    -- an actor with a new event on day D: the 7-day averages and cumulative totals of D and every later day move
    -- too, so they are recomputed (from all of the actor's days, which the cumulative totals need); the days before
    -- D see nothing of D and stay as they are
    select actor_id, min(activity_date) as first_changed_date
    from actor_days
    where {{ new.condition }}
    group by actor_id

),

days_of_changed_actors as (

    select actor_days.*
    from actor_days
    inner join changed_actors using (actor_id)

),

specialized as (

    select
        *,
        greatest({% for c in event_categories() %}{{ c }}_score{{ ', ' if not loop.last }}{% endfor %}) as top_category_score
    from days_of_changed_actors

),

windowed as (

    select
        *,
        {{ user_activity_level('activity_score') }} as user_activity_level,
        -- the category earning more than half of the day's score; a day without one is `generalist`
        case
            when top_category_score * 2 <= activity_score then 'generalist'
            {%- for c in event_categories() %}
            when {{ c }}_score = top_category_score then '{{ c }}'
            {%- endfor %}
        end as user_specialization,
        -- calendar windows: a day without events counts as zero, it is not skipped
        cast(sum(events) over seven_days / 7.0 as decimal(18, 4)) as events_7d_avg,
        cast(sum(activity_score) over seven_days / 7.0 as decimal(18, 4)) as activity_score_7d_avg,
        sum(events) over up_to_today as cumulative_events,
        sum(activity_score) over up_to_today as cumulative_activity_score,
        sum(pull_requests_opened) over up_to_today as cumulative_pull_requests_opened
    from specialized
    window
        seven_days as (
            partition by actor_id order by unix_date(activity_date) range between 6 preceding and current row
        ),
        up_to_today as (
            partition by actor_id order by activity_date rows between unbounded preceding and current row
        )

),

final as (

    select windowed.*
    from windowed
    -- only the changed day and the days after it (on a full build first_changed_date is the actor's first day)
    inner join changed_actors
        on windowed.actor_id = changed_actors.actor_id and windowed.activity_date >= changed_actors.first_changed_date

)

select * from final

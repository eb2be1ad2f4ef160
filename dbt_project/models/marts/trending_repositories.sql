{{ config(unique_key=['repo_id', 'as_of_date'], partition_by=['as_of_date'], merge_prune_date='as_of_date') }}

{#-
  For every day with stars or forks, each repository's growth over that day and the 7 days ending on it, ranked.
  A new star on day D moves the 7-day growth, and so the ranks of every repository, on D and the 6 days after it:
  those days are recomputed in full.
-#}
{%- set new = new_rows_in(
    ref('fct_repo_daily_activity'), 'activity_date', where='stars > 0 or forks > 0', loaded_at_column='silver_loaded_at'
) %}
{{ increment_marker(new) }}
with

growth_days as (

    select repo_id, activity_date, stars, forks, silver_loaded_at
    from {{ ref('fct_repo_daily_activity') }}
    where stars > 0 or forks > 0

),

as_of_dates as (

    select distinct activity_date as as_of_date from growth_days

),

changed_dates as (

    select distinct as_of_dates.as_of_date
    from as_of_dates
    inner join (
        select distinct activity_date from growth_days where {{ new.condition }}
    ) as changed
        on as_of_dates.as_of_date between changed.activity_date and date_add(changed.activity_date, 6)

),

windows as (

    select
        changed_dates.as_of_date,
        growth_days.repo_id,
        sum(case when growth_days.activity_date = changed_dates.as_of_date then growth_days.stars else 0 end)
            as stars_1d,
        sum(growth_days.stars) as stars_7d,
        sum(case when growth_days.activity_date = changed_dates.as_of_date then growth_days.forks else 0 end)
            as forks_1d,
        sum(growth_days.forks) as forks_7d,
        max(growth_days.silver_loaded_at) as silver_loaded_at
    from changed_dates
    inner join growth_days
        on growth_days.activity_date between date_sub(changed_dates.as_of_date, 6) and changed_dates.as_of_date
    group by changed_dates.as_of_date, growth_days.repo_id

),

final as (

    select
        repo_id,
        as_of_date,
        stars_1d,
        stars_7d,
        forks_1d,
        forks_7d,
        rank() over (partition by as_of_date order by stars_7d desc, forks_7d desc) as trending_rank,
        silver_loaded_at
    from windows

)

select * from final

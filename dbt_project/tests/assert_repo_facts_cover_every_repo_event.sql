-- Every Silver event with a repository lands in exactly one repository-day, and the per-day counts add up to the
-- repository's lifetime counts in dim_repos. Returns the repositories where they do not.
with

daily as (

    select repo_id, sum(events) as events, sum(stars) as stars
    from {{ ref('fct_repo_daily_activity') }}
    group by repo_id

),

repos as (

    select repo_id, lifetime_events, lifetime_stars from {{ ref('dim_repos') }}

)

select repos.repo_id, repos.lifetime_events, daily.events, repos.lifetime_stars, daily.stars
from repos
full outer join daily on repos.repo_id = daily.repo_id
where daily.events is null or repos.lifetime_events is null
    or daily.events <> repos.lifetime_events or daily.stars <> repos.lifetime_stars

{{ config(unique_key='repo_id') }}
{%- set new = new_rows_in(ref('stg_github__events'), where='repo_id is not null') %}
{{ increment_marker(new) }}
with

events as (

    select * from {{ ref('stg_github__events') }}
    where repo_id is not null

),

changed_repos as (

    select distinct repo_id from events where {{ new.condition }}

),

events_of_changed as (

    select events.*
    from events
    inner join changed_repos using (repo_id)

),

names as (

    select repo_id, repo_name, max(event_at) as last_seen_with_name
    from events_of_changed
    group by repo_id, repo_name

),

final as (

    select
        events_of_changed.repo_id,
        -- repositories get renamed: the name and owner of the latest event win
        max_by(events_of_changed.repo_name, struct(event_at, event_id)) as repo_name,
        max_by(events_of_changed.repo_owner, struct(event_at, event_id)) as repo_owner,
        min(event_at) as first_seen_at,
        max(event_at) as last_seen_at,
        count(*) as lifetime_events,
        count_if(event_type = 'WatchEvent') as lifetime_stars,
        count_if(event_type = 'ForkEvent') as lifetime_forks,
        count(distinct actor_id) as lifetime_contributors,
        max(silver_loaded_at) as silver_loaded_at
    from events_of_changed
    group by events_of_changed.repo_id

),

previous_names as (

    -- every other name the repository had, the most recently used first
    select
        final.repo_id,
        transform(
            array_sort(collect_list(struct(-unix_timestamp(names.last_seen_with_name) as order_key, names.repo_name as name))),
            n -> n.name
        ) as previous_repo_names
    from final
    inner join names on final.repo_id = names.repo_id and names.repo_name <> final.repo_name
    group by final.repo_id

),

with_previous_names as (

    select
        final.*,
        coalesce(previous_names.previous_repo_names, array()) as previous_repo_names
    from final
    left join previous_names on final.repo_id = previous_names.repo_id

)

select * from with_previous_names

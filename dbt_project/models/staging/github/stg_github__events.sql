with

source as (

    select * from {{ source('github', 'github_events') }}

),

renamed as (

    select
        event_id,
        event_type,
        {{ event_category('event_type') }} as event_category,
        {{ activity_weight('event_type') }} as activity_weight,
        created_at as event_at,
        created_date as event_date,
        date_trunc('HOUR', created_at) as event_hour,
        hour(created_at) as event_hour_of_day,
        received_at,
        -- rows Silver wrote before it recorded load times count as loaded when they were received
        coalesce(silver_loaded_at, received_at) as silver_loaded_at,
        -- Silver's own column, for the increments' filter (macros/incremental.sql): Spark pushes a comparison on it
        -- down to Iceberg's file pruning, not one on the coalesce above
        silver_loaded_at as loaded_at_in_silver,

        actor_id,
        actor_login,
        coalesce(actor_is_bot, false) as is_bot_actor,

        -- null for events without a repository (GistEvent, FollowEvent, ...)
        repo_id,
        repo_name,
        repo_owner,

        payload_action,
        payload_shape,

        -- null when GitHub no longer sends it (PushEvents after October 2025)
        push_commit_count,
        push_distinct_size,

        pr_number,
        pr_id,
        pr_state,
        -- null when the payload no longer says (PullRequestEvents after October 2025)
        pr_is_merged,
        pr_merged_at,
        pr_additions,
        pr_deletions,
        pr_changed_files,

        issue_number,
        coalesce(issue_is_pull_request, false) as is_pull_request_issue,
        comment_id,
        review_id,
        review_state,
        ref_type

    from source

)

select * from renamed

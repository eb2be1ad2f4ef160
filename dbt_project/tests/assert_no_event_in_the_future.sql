-- An event dated after now is a parsing or clock error upstream; Gold must not count it.
select event_id, event_at
from {{ ref('stg_github__events') }}
where event_at > current_timestamp()

{#-
  How the marts take in only what is new. Every mart row carries `silver_loaded_at`: the latest Silver load time of
  the rows it was computed from. Silver stamps one load time per run and runs one at a time, so "newer than the
  latest load time this mart has seen" is exactly the set of Silver rows the mart has not taken in yet, whatever
  day the events happened on. Each mart then recomputes every group those rows touch (and the later rows whose
  windows include them) from all of its input, so a late event gives the same table as a full refresh.
-#}
{% macro silver_watermark() -%}
  (select coalesce(max(silver_loaded_at), timestamp '1970-01-01 00:00:00') from {{ this }})
{%- endmacro %}

{#- `where` condition on the input of a mart: everything on a full build, only unseen rows on an incremental one. -#}
{#- `dbt compile --vars '{offline: true}'` compiles the full-build SQL without asking the server whether tables exist. -#}
{% macro is_new_since_last_run(loaded_at_column='silver_loaded_at') -%}
  {%- if not var('offline', false) and is_incremental() -%}
    {{ loaded_at_column }} > {{ silver_watermark() }}
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}

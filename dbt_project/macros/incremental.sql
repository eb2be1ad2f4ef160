{#-
  How the marts take in only what is new. Every mart row carries `silver_loaded_at`: the latest Silver load time of
  the rows it was computed from. Silver stamps one load time per run and runs one at a time, so "newer than the
  latest load time this mart has seen" is exactly the set of Silver rows the mart has not taken in yet, whatever
  day the events happened on. Each mart then recomputes every group those rows touch (and the later rows whose
  windows include them) from all of its input, so a late event gives the same table as a full refresh.

  The watermark is read once, before the model's SQL is rendered, and written into it as a literal: Spark does not
  push a scalar subquery (`> (select max(...) from this)`) down to the Iceberg scan, so with one every model read
  every file of Silver to find the few rows of the last load (29 of 29 files, 1.07M rows, at 1M events). A literal
  comparison on a plain column is pushed down, and Iceberg skips the files whose column bounds are all older.
-#}
{% macro silver_watermark() -%}
  {%- if execute -%}
    {%- set result = run_query(
        "select cast(coalesce(max(silver_loaded_at), timestamp '1970-01-01 00:00:00') as string) from " ~ this) -%}
    {{- "timestamp '" ~ result.columns[0].values()[0] ~ "'" -}}
  {%- else -%}
    {#- parsing: dbt renders the SQL once without a server; the value is never run -#}
    timestamp '1970-01-01 00:00:00'
  {%- endif -%}
{%- endmacro %}

{#- True on an incremental run against the server (not `dbt compile --vars '{offline: true}'`, not a unit test). -#}
{% macro is_incremental_online() -%}
  {{ return(not var('offline', false) and is_incremental()) }}
{%- endmacro %}

{#-
  `where` condition on a Gold table's rows: everything on a full build, only rows computed from Silver rows loaded
  after this model's watermark on an incremental one.
-#}
{% macro is_new_since_last_run(loaded_at_column='silver_loaded_at') -%}
  {%- if is_incremental_online() -%}
    {{ loaded_at_column }} > {{ silver_watermark() }}
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}

{#-
  The same condition on rows of stg_github__events (or a view passing its columns on). Its `silver_loaded_at` is
  coalesce(loaded_at_in_silver, received_at), which Spark cannot push down to Iceberg; spelled on the plain columns it
  is pushed down and prunes Silver's files by their column bounds. Same rows: coalesce(l, r) > w exactly when
  l > w, or l is null and r > w.
-#}
{% macro is_new_in_silver(watermark=none) -%}
  {%- if is_incremental_online() -%}
    {%- set w = watermark if watermark is not none else silver_watermark() -%}
    (loaded_at_in_silver > {{ w }} or (loaded_at_in_silver is null and received_at > {{ w }}))
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}

{#-
  `where` condition that narrows a model's re-read of Silver to the event days its new rows fall on, for models whose
  groups are keyed by day: Silver is partitioned by event day and every file has bounds on created_date, so the scan
  reads those days' files only instead of all of Silver. True on a full build (and when parsing).
  `new_rows_relation` is the relation whose new rows decide the days (stg_github__events by default).
-#}
{% macro is_on_a_day_with_new_rows(date_column='event_date', new_rows_relation=none) -%}
  {%- if is_incremental_online() and execute -%}
    {%- set relation = new_rows_relation if new_rows_relation is not none else ref('stg_github__events') -%}
    {%- set days = run_query(
        "select distinct cast(event_date as string) from " ~ relation ~ " where " ~ is_new_in_silver()
    ).columns[0].values() -%}
    {%- if days | length == 0 -%}
      false
    {%- else -%}
      {{ date_column }} in ({% for d in days | sort %}date '{{ d }}'{{ ', ' if not loop.last }}{% endfor %})
    {%- endif -%}
  {%- else -%}
    true
  {%- endif -%}
{%- endmacro %}

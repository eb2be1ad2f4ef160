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
  `where` condition on rows of stg_github__events (or a view passing its columns on): only the rows Silver loaded
  after the watermark (this model's, read here unless given). Its `silver_loaded_at` is
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
  What is new for one model, read once before its SQL is rendered: a dict with
  - `condition`: the `where` condition on `relation`'s rows that keeps only the new ones (is_new_in_silver's on
    Silver's columns, or `<loaded_at_column> > <watermark>` on a Gold table's), with this model's watermark as a
    literal (one query for the watermark, however often the model uses the condition);
  - `rows`, `days`: how many new rows `relation` has (with `where`) and, with a `date_column`, their distinct days,
    sorted (one more query, on the new rows only: Iceberg reads only the files loaded since the watermark).
  On a full build, in a unit test and when parsing: condition `true`, rows and days none (everything is new).
  `increment_marker(new)` writes rows and earliest day into the model's SQL, where macros/merge.sql reads them instead
  of counting the increment (which computed it once more before the MERGE did); `is_on_one_of(column, new.days)`
  narrows a re-read of Silver to the days of the new rows.
-#}
{% macro new_rows_in(relation, date_column=none, where=none, loaded_at_column=none) %}
  {%- if not (is_incremental_online() and execute) -%}
    {{ return({'condition': 'true', 'rows': none, 'days': none}) }}
  {%- endif -%}
  {%- set watermark = silver_watermark() -%}
  {%- if loaded_at_column is none -%}
    {%- set condition = is_new_in_silver(watermark) -%}
  {%- else -%}
    {%- set condition = loaded_at_column ~ ' > ' ~ watermark -%}
  {%- endif -%}
  {%- set day = ('cast(' ~ date_column ~ ' as string)') if date_column else "''" -%}
  {%- set result = run_query('select ' ~ day ~ ', count(*) from ' ~ relation ~ ' where ' ~ condition
      ~ (' and (' ~ where ~ ')' if where else '') ~ ' group by 1') -%}
  {%- set days = result.columns[0].values() | list | sort -%}
  {{ return({
      'condition': condition,
      'rows': result.columns[1].values() | sum,
      'days': days if date_column else none
  }) }}
{% endmacro %}

{#- A comment with what new_rows_in found, for macros/merge.sql; nothing on a full build or when parsing. -#}
{% macro increment_marker(new) -%}
  {%- if new.rows is not none -%}
    /* gold increment: {{ new.rows }} new input rows, earliest day {{ (new.days or ['none'])[0] }} */
  {%- endif -%}
{%- endmacro %}

{#-
  `where` condition that narrows a model's re-read of Silver to the event days its new rows fall on, for models whose
  groups are keyed by day: Silver is partitioned by event day and every file has bounds on created_date, so the scan
  reads those days' files only instead of all of Silver. True when `days` is none (a full build, parsing).
-#}
{% macro is_on_one_of(date_column, days) -%}
  {%- if days is none -%}
    true
  {%- elif days | length == 0 -%}
    false
  {%- else -%}
    {{ date_column }} in ({% for d in days %}date '{{ d }}'{{ ', ' if not loop.last }}{% endfor %})
  {%- endif -%}
{%- endmacro %}

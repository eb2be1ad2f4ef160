{#-
  dbt-spark's MERGE, run only when the increment has rows. Iceberg commits a snapshot even for a MERGE whose source
  is empty, so a run with nothing new in Silver would still change every mart.

  Whether the increment has rows is known before it is computed: every model recomputes the groups its new input
  rows touch, so its increment is empty exactly when those are. The model reads them once, before its SQL is
  rendered (new_rows_in in macros/incremental.sql, on the new rows only), and writes what it found into its SQL as
  a comment (increment_marker), which this macro reads. The increment itself is computed once, by the MERGE. (It
  used to be counted first: the count computed it a second time, which for dim_repos and fct_pull_requests meant
  reading all of Silver twice. Caching it did not help either: Spark never matched a plan reading an Iceberg view to
  a cached one.) A model without the comment still gets its increment counted.

  A model configured with `merge_prune_date: <date column of its unique key>` (its table partitioned by that day or
  its month) also gets `DBT_INTERNAL_DEST.<column> >= <earliest day>` in the MERGE condition, the earliest day of
  its new input rows (no later than the increment's earliest: a group's day is that of the rows in it, or for the
  user mart and trending a later one). It changes no outcome (a target row can match only a source row with the same
  key, so the same day), but Spark pushes it down to the target's scan: the MERGE reads only the partitions of the
  days the increment touches instead of the whole table.
-#}
{% macro spark__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) %}
  {% set prune_column = config.get('merge_prune_date') %}
  {% set marker = modules.re.search(
      'gold increment: ([0-9]+) new input rows, earliest day ([0-9-]+|none)', model.compiled_code or '') %}
  {% if marker %}
    {% set rows = marker.group(1) | int %}
    {% set earliest = marker.group(2) %}
  {% else %}
    {% set counted = run_query('select count(*)'
        ~ (', cast(min(' ~ prune_column ~ ') as string)' if prune_column else '') ~ ' from ' ~ source) %}
    {% set rows = counted.columns[0].values()[0] %}
    {% set earliest = counted.columns[1].values()[0] if prune_column else none %}
  {% endif %}
  {% if rows == 0 %}
    {{ log('no new rows for ' ~ target ~ ': MERGE skipped, no snapshot', info=True) }}
    select 'no new rows: MERGE skipped' as outcome
  {% else %}
    {% set predicates = [] if incremental_predicates is none else [] + incremental_predicates %}
    {% if prune_column and earliest not in (none, 'none') %}
      {% do predicates.append('DBT_INTERNAL_DEST.' ~ prune_column ~ " >= date '" ~ earliest ~ "'") %}
    {% endif %}
    {{ log((marker.group(1) ~ ' new input rows' if marker else rows ~ ' rows') ~ ' to merge into ' ~ target, info=True) }}
    {{ spark_merge_into(target, source, unique_key, dest_columns, predicates) }}
  {% endif %}
{% endmacro %}

{#- dbt-spark 1.11.0's spark__get_merge_sql (an adapter macro cannot be called by its package name here), but for the
    target's columns (marked). -#}
{% macro spark_merge_into(target, source, unique_key, dest_columns, incremental_predicates) %}
  {# need dest_columns for merge_exclude_columns, default to use "*" #}
  {%- set predicates = [] if incremental_predicates is none else [] + incremental_predicates -%}
  {%- set merge_update_columns = config.get('merge_update_columns') -%}
  {%- set merge_exclude_columns = config.get('merge_exclude_columns') -%}
  {#- changed here: the target's columns are read (one more round trip) only when a config picks some of them;
      without one the MERGE updates every column, `update set *` -#}
  {%- set update_columns = none -%}
  {%- if merge_update_columns or merge_exclude_columns -%}
    {%- set dest_columns = adapter.get_columns_in_relation(target) -%}
    {%- set update_columns = get_merge_update_columns(merge_update_columns, merge_exclude_columns, dest_columns) -%}
  {%- endif -%}

  {% if unique_key %}
      {% if unique_key is sequence and unique_key is not mapping and unique_key is not string %}
          {% for key in unique_key %}
              {% set this_key_match %}
                  DBT_INTERNAL_SOURCE.{{ key }} = DBT_INTERNAL_DEST.{{ key }}
              {% endset %}
              {% do predicates.append(this_key_match) %}
          {% endfor %}
      {% else %}
          {% set unique_key_match %}
              DBT_INTERNAL_SOURCE.{{ unique_key }} = DBT_INTERNAL_DEST.{{ unique_key }}
          {% endset %}
          {% do predicates.append(unique_key_match) %}
      {% endif %}
  {% else %}
      {% do predicates.append('FALSE') %}
  {% endif %}

  {{ sql_header if sql_header is not none }}

  merge into {{ target }} as DBT_INTERNAL_DEST
      using {{ source }} as DBT_INTERNAL_SOURCE
      on {{ predicates | join(' and ') }}

      when matched then update set
        {% if update_columns -%}{%- for column_name in update_columns %}
            {{ column_name }} = DBT_INTERNAL_SOURCE.{{ column_name }}
            {%- if not loop.last %}, {%- endif %}
        {%- endfor %}
        {%- else %} * {% endif %}

      when not matched then insert *
{% endmacro %}

{#-
  dbt-spark's MERGE, run only when the increment has rows. Iceberg commits a snapshot even for a MERGE whose source
  is empty, so a run with nothing new in Silver would still change every mart.

  The increment (dbt's temporary view of the model) is counted, then merged: computed twice. It used to be cached
  first, to be computed once, but Spark never used that cache (measured: the count and the MERGE both re-read their
  inputs, so the `cache table` was a third computation): a plan that reads an Iceberg view (stg_github__events)
  never matches a cached one, and neither did the marts reading tables. With merge-on-read (dbt_project.yml) the
  MERGE computes its source once; copy-on-write computed it twice more (once to find the files to rewrite).

  A model configured with `merge_prune_date: <date column of its unique key>` (its table partitioned by that day or
  its month) also gets `DBT_INTERNAL_DEST.<column> >= <earliest day of the increment>` in the MERGE condition, read
  in the same query as the count. It changes no outcome (a target row can match only a source row with the same
  key, so the same day), but Spark pushes it down to the target's scan: the MERGE reads only the partitions of the
  days the increment touches instead of the whole table.
-#}
{% macro spark__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) %}
  {% set prune_column = config.get('merge_prune_date') %}
  {% set counted = run_query('select count(*)'
      ~ (', cast(min(' ~ prune_column ~ ') as string)' if prune_column else '') ~ ' from ' ~ source) %}
  {% set rows = counted.columns[0].values()[0] %}
  {% if rows == 0 %}
    {{ log('no new rows for ' ~ target ~ ': MERGE skipped, no snapshot', info=True) }}
    select 'no new rows: MERGE skipped' as outcome
  {% else %}
    {% set predicates = [] if incremental_predicates is none else [] + incremental_predicates %}
    {% if prune_column %}
      {% set earliest = counted.columns[1].values()[0] %}
      {% do predicates.append('DBT_INTERNAL_DEST.' ~ prune_column ~ " >= date '" ~ earliest ~ "'") %}
    {% endif %}
    {{ log(rows ~ ' rows to merge into ' ~ target, info=True) }}
    {{ spark_merge_into(target, source, unique_key, dest_columns, predicates) }}
  {% endif %}
{% endmacro %}

{#- dbt-spark 1.11.0's spark__get_merge_sql as it is (an adapter macro cannot be called by its package name here). -#}
{% macro spark_merge_into(target, source, unique_key, dest_columns, incremental_predicates) %}
  {# need dest_columns for merge_exclude_columns, default to use "*" #}
  {%- set predicates = [] if incremental_predicates is none else [] + incremental_predicates -%}
  {%- set dest_columns = adapter.get_columns_in_relation(target) -%}
  {%- set merge_update_columns = config.get('merge_update_columns') -%}
  {%- set merge_exclude_columns = config.get('merge_exclude_columns') -%}
  {%- set update_columns = get_merge_update_columns(merge_update_columns, merge_exclude_columns, dest_columns) -%}

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

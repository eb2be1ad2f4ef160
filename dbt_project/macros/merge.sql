{#-
  dbt-spark's MERGE, run only when the increment has rows. Iceberg commits a snapshot even for a MERGE whose source
  is empty, so a run with nothing new in Silver would still change every mart. The increment (dbt's temporary view
  of the model) is cached first, so counting it does not compute it twice: the MERGE reads the cached rows, and the
  marts' post-hook uncaches them.
-#}
{% macro spark__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) %}
  {% call statement('cache_increment', fetch_result=False) -%}
    cache table {{ source }}
  {%- endcall %}
  {% set rows = run_query('select count(*) from ' ~ source).columns[0].values()[0] %}
  {% if rows == 0 %}
    {{ log('no new rows for ' ~ target ~ ': MERGE skipped, no snapshot', info=True) }}
    select 'no new rows: MERGE skipped' as outcome
  {% else %}
    {{ log(rows ~ ' rows to merge into ' ~ target, info=True) }}
    {{ spark_merge_into(target, source, unique_key, dest_columns, incremental_predicates) }}
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

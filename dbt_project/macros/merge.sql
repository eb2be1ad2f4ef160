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
    {{ dbt_spark.spark__get_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) }}
  {% endif %}
{% endmacro %}

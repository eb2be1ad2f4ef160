{#-
  How dbt lists the relations of a schema on our Spark Thrift Server with Iceberg.

  dbt-spark first asks `SHOW TABLE EXTENDED`, which Spark refuses for v2 catalogs (SPARK-33393), then falls back to
  `SHOW TABLES` plus one `DESCRIBE EXTENDED` per table. `SHOW TABLES` omits Iceberg views, and a view's describe has
  no `Type: VIEW` row, so dbt would believe a view model does not exist (docs generate drops it from the catalog,
  and turning a view into a table fails with "View with same name already exists").

  This answers in the shape of `SHOW TABLE EXTENDED` (namespace, name, is_temporary, information) from `SHOW TABLES`
  and `SHOW VIEWS`: two round trips for the whole schema instead of a failed one plus one per table. Every table in
  Gold is written by this project with file_format iceberg, so its information says so without a describe (a view
  must not say it: dbt would then `create or replace` a table over it); columns
  are still read with a describe when dbt needs them. Temporary views (dbt's merge sources) are skipped.
-#}
{% macro spark__list_relations_without_caching(relation) %}
  {% set rows = [] %}
  {% call statement('list_tables', fetch_result=True) -%}
    show tables in {{ relation.schema }} like '*'
  {%- endcall %}
  {% for row in load_result('list_tables').table %}
    {% if not row[2] %}
      {% do rows.append([row[0], row[1], false, 'Type: MANAGED\nProvider: iceberg\n']) %}
    {% endif %}
  {% endfor %}
  {% call statement('list_views', fetch_result=True) -%}
    show views in {{ relation.schema }} like '*'
  {%- endcall %}
  {% for row in load_result('list_views').table %}
    {% if not row[2] %}
      {% do rows.append([row[0], row[1], false, 'Type: VIEW\n']) %}
    {% endif %}
  {% endfor %}
  {% do return(rows) %}
{% endmacro %}

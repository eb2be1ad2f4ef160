{#- Prints the rows of every Gold table and view after `make gold`: `dbt run-operation print_gold_row_counts`. -#}
{% macro print_gold_row_counts() %}
  {% set models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | sort(attribute='name') %}
  {% set selects = [] %}
  {% for node in models %}
    {% do selects.append("select '" ~ node.name ~ "' as model, count(*) as row_count from " ~ ref(node.name)) %}
  {% endfor %}
  {% set result = run_query(selects | join(' union all ')) %}
  {% for row in result %}
    {{ print('  %-36s %12s rows' | format(row[0], '{:,}'.format(row[1]))) }}
  {% endfor %}
{% endmacro %}

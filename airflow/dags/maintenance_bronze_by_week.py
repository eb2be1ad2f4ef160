"""
### maintenance_bronze_by_week

Airflow DAG: Iceberg maintenance of the bronze tables, preset `bronze-weekly` (`make maintain PRESET=bronze-weekly` runs the same job; the
presets and what each task does are in `docs/lakehouse.md`, section Maintenance).

- **When**: Sundays at 03:00 UTC (`0 3 * * 0`), staggered so that two maintenance runs rarely compete for the machine;
  one run at a time, no catch-up of missed periods.
- **Never overlaps a pipeline write to the same tables**: the task takes the `bronze_table` pool's only slot, which the
  pipeline's writers of those tables take too.
"""

from __future__ import annotations

from lakehouse.maintenance import maintenance_dag

dag = maintenance_dag(dag_id="maintenance_bronze_by_week", preset="bronze-weekly", cron="0 3 * * 0", pool="bronze_table", doc_md=__doc__)

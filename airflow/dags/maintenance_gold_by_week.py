"""
### maintenance_gold_by_week

Airflow DAG: Iceberg maintenance of the gold tables, preset `gold-weekly` (`make maintain PRESET=gold-weekly` runs the same job; the
presets and what each task does are in `docs/lakehouse.md`, section Maintenance).

- **When**: Sundays at 05:00 UTC (`0 5 * * 0`), staggered so that two maintenance runs rarely compete for the machine;
  one run at a time, no catch-up of missed periods.
- **Never overlaps a pipeline write to the same tables**: the task takes the `gold_tables` pool's only slot, which the
  pipeline's writers of those tables take too.
"""

from __future__ import annotations

from lakehouse.maintenance import maintenance_dag

dag = maintenance_dag(dag_id="maintenance_gold_by_week", preset="gold-weekly", cron="0 5 * * 0", pool="gold_tables", doc_md=__doc__)

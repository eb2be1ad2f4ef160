"""The lakehouse tables as Airflow assets: a producer marks one updated, the DAGs scheduled on it run."""

from __future__ import annotations

from airflow.sdk import Asset

# The URIs name the Iceberg tables in the lakehouse catalog; the names are what the UI and the REST API show.
BRONZE_EVENTS = Asset(name="bronze.github_events", uri="iceberg://lakehouse/bronze/github_events")
SILVER_EVENTS = Asset(name="silver.github_events", uri="iceberg://lakehouse/silver/github_events")
GOLD_MARTS = Asset(name="gold.marts", uri="iceberg://lakehouse/gold/marts")

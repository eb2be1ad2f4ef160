"""The lakehouse tables as Airflow assets: a producer marks one updated, the DAGs scheduled on it run."""

from __future__ import annotations

from airflow.sdk import Asset, AssetWatcher

from lakehouse.bronze_commits import BronzeCommitTrigger

# The URIs name the Iceberg tables in the lakehouse catalog; the names are what the UI and the REST API show.
# Bronze is marked updated by its own commits (the watcher runs in the triggerer), or by
# `pipeline-cli airflow asset-event bronze.github_events`.
BRONZE_EVENTS = Asset(
    name="bronze.github_events",
    uri="iceberg://lakehouse/bronze/github_events",
    watchers=[AssetWatcher(name="bronze_commits", trigger=BronzeCommitTrigger())],
)
SILVER_EVENTS = Asset(name="silver.github_events", uri="iceberg://lakehouse/silver/github_events")
GOLD_MARTS = Asset(name="gold.marts", uri="iceberg://lakehouse/gold/marts")

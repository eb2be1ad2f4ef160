"""Bronze commits as Airflow asset events: a watcher on the Iceberg catalog marks ``bronze.github_events`` updated.

The Iceberg JDBC catalog keeps one row per table in PostgreSQL (``iceberg_tables``) whose ``metadata_location``
changes with every commit. ``BronzeCommitTrigger`` runs in Airflow's triggerer, reads that row every
``poll_interval`` seconds and fires when it changed, so the DAGs scheduled on the asset run once Bronze holds new
rows: the continuous Bronze stream needs no Airflow client of its own. Only the triggerer imports psycopg2 and
connects; parsing a DAG that uses the asset does neither.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator, Callable
from typing import Any

from airflow.triggers.base import BaseEventTrigger, TriggerEvent

_JDBC_URL = re.compile(r"^jdbc:postgresql://(?P<host>[^:/]+)(?::(?P<port>\d+))?/(?P<database>[^?]+)")

MetadataLocation = Callable[[], "str | None"]


def catalog_reader(namespace: str, table: str, env: dict[str, str] | None = None) -> MetadataLocation:
    """Reads the table's current ``metadata_location`` from the catalog named by the environment (``stack.env``)."""
    env = dict(os.environ if env is None else env)
    url = env.get("ICEBERG_JDBC_URL", "")
    match = _JDBC_URL.match(url)
    if not match:
        raise ValueError(f"ICEBERG_JDBC_URL must look like jdbc:postgresql://host:port/database, got {url!r}")
    settings = {
        "host": match["host"],
        "port": int(match["port"] or 5432),
        "dbname": match["database"],
        "user": env.get("ICEBERG_JDBC_USER", ""),
        "password": env.get("ICEBERG_JDBC_PASSWORD", ""),
        "connect_timeout": 10,
    }
    catalog = env.get("ICEBERG_CATALOG", "lakehouse")

    def metadata_location() -> str | None:
        import psycopg2  # the triggerer only: keeps the import off every DAG parse

        with psycopg2.connect(**settings) as connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT metadata_location FROM iceberg_tables"
                " WHERE catalog_name = %s AND table_namespace = %s AND table_name = %s",
                (catalog, namespace, table),
            )
            row = cursor.fetchone()
        connection.close()
        return row[0] if row else None

    return metadata_location


class BronzeCommitTrigger(BaseEventTrigger):
    """Fires when the Iceberg table ``namespace.table`` has a commit it has not seen.

    What it saw last is where it started: after firing, the triggerer starts it again from the commit it fired on,
    and a commit made while the triggerer was down is caught by the pipeline's hourly schedule instead.
    """

    def __init__(self, namespace: str = "bronze", table: str = "github_events", poll_interval: float = 30.0):
        super().__init__()
        self.namespace = namespace
        self.table = table
        self.poll_interval = poll_interval
        self._reader: MetadataLocation | None = None  # a seam for the unit test

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return (
            f"{type(self).__module__}.{type(self).__qualname__}",
            {"namespace": self.namespace, "table": self.table, "poll_interval": self.poll_interval},
        )

    async def run(self) -> AsyncIterator[TriggerEvent]:
        read = self._reader or catalog_reader(self.namespace, self.table)
        seen = await asyncio.to_thread(read)
        while True:
            await asyncio.sleep(self.poll_interval)
            try:
                current = await asyncio.to_thread(read)
            except Exception as error:  # the catalog restarting: try again next poll, the trigger must not die
                self.log.warning("reading %s.%s from the catalog failed: %s", self.namespace, self.table, error)
                continue
            if current is not None and current != seen:
                self.log.info("%s.%s committed: %s", self.namespace, self.table, current)
                yield TriggerEvent({"table": f"{self.namespace}.{self.table}", "metadata_location": current})
                seen = current

#!/usr/bin/env bash
# PostgreSQL's first start in Docker Compose (mounted into /docker-entrypoint-initdb.d): Airflow's metadata database
# with a role of its own, beside the Iceberg catalog's database that the image creates (POSTGRES_DB=iceberg, owned by
# POSTGRES_USER = ICEBERG_JDBC_USER). Runs once, on an empty data volume; the embedded stack does the same in
# local-stack's PostgresServer.
set -euo pipefail
: "${AIRFLOW_DB_USER:?AIRFLOW_DB_USER is not set}" "${AIRFLOW_DB_PASSWORD:?AIRFLOW_DB_PASSWORD is not set}"
# psql's :"name" and :'value' quote the role and password, whatever characters they hold
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v role="$AIRFLOW_DB_USER" -v password="$AIRFLOW_DB_PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE airflow OWNER :"role";
SQL

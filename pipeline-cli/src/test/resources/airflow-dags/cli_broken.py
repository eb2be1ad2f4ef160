"""A DAG file that does not import: Airflow lists it under import errors and knows no DAG `cli_broken`."""

from airflow.sdk import dag

raise RuntimeError("cli_broken.py is broken on purpose")

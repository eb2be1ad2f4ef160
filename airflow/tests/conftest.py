"""Loads the DAG folder once per test session, the way the DAG processor does."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

DAGS = Path(os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
# Airflow puts the DAG folder on sys.path for the processes it starts; the DAG files import lakehouse/ from there
sys.path.insert(0, str(DAGS))


@pytest.fixture(scope="session")
def dag_bag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))

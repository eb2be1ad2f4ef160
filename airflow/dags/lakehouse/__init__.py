"""Task code shared by the DAGs of this folder: the job launcher, the assets, the dbt (Cosmos) rendering.

Everything here is cheap to import and does no I/O: the DAG processor imports it on every parse.
"""

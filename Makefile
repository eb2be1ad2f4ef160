# Operator commands. Every target fails loudly: no `-` prefixes, no `|| true`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

MVN ?= mvn -B -ntp
DATA_DIR ?= .data
INPUT ?=
# dbt's own virtual environment, installed only from the committed lock (dbt and Airflow conflict on dependencies)
PYTHON ?= python3
DBT_VENV ?= .venv-dbt
DBT_LOCK := dbt_project/requirements.lock
# Airflow's own virtual environment, from airflow/requirements.lock (Airflow 3.3, Cosmos, the DAG tests' pytest)
AIRFLOW_VENV ?= .venv-airflow
AIRFLOW_LOCK := airflow/requirements.lock
# Jupyter's own virtual environment, from notebooks/requirements.lock (JupyterLab, nbclient, PyHive, pandas, matplotlib)
NOTEBOOK_VENV ?= .venv-notebook
NOTEBOOK_LOCK := notebooks/requirements.lock
ARGS ?=

# A virtual environment built only from a committed lock: hashes checked, no resolution, every package and version
# from the lock; rebuilt from scratch when the lock changes.  $(1) = the venv folder, $(2) = its lock file
define venv_from_lock
$(1)/.installed: $(2)
	rm -rf $(1)
	$$(PYTHON) -m venv $(1)
	$(1)/bin/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r $(2)
	touch $$@
endef

.PHONY: help build test up down clean demo status bronze bronze-stream silver sql dbt-venv dbt-lock gold dbt \
  airflow-venv airflow-lock airflow-test pipeline monitoring-test notebook notebook-venv notebook-lock notebook-test \
  statsd-exporter

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

build: ## compile and package every module (no tests)
	$(MVN) install -DskipTests

test: dbt-venv airflow-venv notebook-venv ## run every unit and integration test (real Kafka, S3, PostgreSQL, Airflow, started by the tests themselves)
	$(MVN) install
	$(MAKE) --no-print-directory airflow-test
	$(MAKE) --no-print-directory monitoring-test
	$(MAKE) --no-print-directory notebook-test

up: build dbt-venv airflow-venv statsd-exporter ## start the local stack, the collector, the SQL endpoint, Prometheus with Airflow's StatsD exporter (when installed) and Airflow in the background
	scripts/up.sh

status: ## show what is running
	scripts/status.sh

down: ## stop everything started by `make up`, keep the data
	scripts/down.sh

clean: down ## stop everything and wipe the data and build output
	rm -rf $(DATA_DIR)
	$(MVN) -q clean

bronze: ## land what Kafka holds now in Bronze (available-now run), print what it wrote; needs `make up`
	scripts/job.sh bronze

bronze-stream: ## run Bronze continuously in the background (10 s trigger) until `make down`
	scripts/bronze-stream.sh

silver: ## build Silver from what Bronze committed since the last run, print what it did; needs `make up`
	scripts/job.sh silver

maintain: ## Iceberg maintenance: PRESET=bronze-daily|bronze-weekly|silver-daily|silver-weekly|gold-weekly, or TABLE=ns.table TASKS=t1,t2; DRY_RUN=1 changes nothing
	scripts/job.sh maintain \
	  $(if $(PRESET),--preset=$(PRESET)) $(if $(TABLE),--table=$(TABLE)) $(if $(TASKS),--tasks=$(TASKS)) \
	  $(if $(filter 1 true yes,$(DRY_RUN)),--dry-run) $(MAINTAIN_ARGS)
.PHONY: maintain

spark-cluster: ## start a Spark standalone master and worker on loopback from the build's jars (docs/cluster.md); then SPARK_MASTER=spark://127.0.0.1:7077 make silver
	scripts/spark-cluster.sh start

spark-cluster-stop: ## stop the master and worker of `make spark-cluster` (`make down` stops them too)
	scripts/spark-cluster.sh stop
.PHONY: spark-cluster spark-cluster-stop

sql: ## open a SQL shell (beeline) on the SQL endpoint started by `make up`
	scripts/sql.sh

demo: up dbt-venv ## HTTP -> Kafka -> Bronze -> Silver -> Gold on real GH Archive data (or INPUT=file, an online hour, generated events)
	INPUT="$(INPUT)" scripts/demo.sh

dbt-venv: $(DBT_VENV)/.installed ## create .venv-dbt (dbt-core + dbt-spark) from dbt_project/requirements.lock

$(eval $(call venv_from_lock,$(DBT_VENV),$(DBT_LOCK)))

dbt-lock: ## re-resolve dbt_project/requirements.lock from requirements.in (needs the uv tool: pip install uv)
	cd dbt_project && uv pip compile requirements.in --python-version 3.11 --generate-hashes -o requirements.lock

pipeline: ## trigger github_events_pipeline in Airflow and wait for it (exit 0 success, 1 failed, 2 timeout); needs `make up`
	scripts/pipeline.sh

gold: dbt-venv ## build Gold with dbt (models + tests), write the docs site, print a summary; needs `make up`
	scripts/job.sh gold

dbt: dbt-venv ## run any dbt command on dbt_project/, e.g. make dbt ARGS="docs generate"
	scripts/dbt.sh $(ARGS)

airflow-venv: $(AIRFLOW_VENV)/.installed ## create .venv-airflow (Airflow 3.3 + Cosmos) from airflow/requirements.lock

$(eval $(call venv_from_lock,$(AIRFLOW_VENV),$(AIRFLOW_LOCK)))

airflow-lock: ## re-resolve airflow/requirements.lock from requirements.in (needs the uv tool: pip install uv)
	cd airflow && uv pip compile requirements.in --python-version 3.11 --generate-hashes -o requirements.lock

airflow-test: airflow-venv dbt-venv statsd-exporter ## the DAG tests: integrity, structure, parse time, the launcher, Airflow's dashboard panels on live metrics
	airflow/tests/run.sh

notebook: notebook-venv ## JupyterLab on 127.0.0.1:8888 (NOTEBOOK_PORT) with notebooks/lakehouse_tour.ipynb, on the running SQL endpoint; prints its token
	scripts/notebook.sh lab

notebook-venv: $(NOTEBOOK_VENV)/.installed ## create .venv-notebook (JupyterLab, nbclient, PyHive, pandas, matplotlib) from notebooks/requirements.lock

$(eval $(call venv_from_lock,$(NOTEBOOK_VENV),$(NOTEBOOK_LOCK)))

notebook-lock: ## re-resolve notebooks/requirements.lock from requirements.in (needs the uv tool: pip install uv)
	cd notebooks && uv pip compile requirements.in --python-version 3.11 --generate-hashes -o requirements.lock

notebook-test: notebook-venv ## the notebook is committed without outputs; the headless executor fails on a failing cell
	notebooks/tests/run.sh

statsd-exporter: ## build Airflow's StatsD exporter (statsd_exporter, docker-compose.yaml's version) into .tools/bin with Go; without Go it says so
	scripts/statsd-exporter.sh install

monitoring-test: ## the Prometheus configuration and rules are valid, every alert fires (and stays quiet) as its unit test says
	monitoring/tests/run.sh

compose-config: ## print docker-compose.yaml as Docker Compose resolves it (.env, else .env.example; the environment wins), without Docker; after make build
	@$(MVN) -q -pl compose-deployment compile dependency:build-classpath -Dmdep.includeScope=compile \
	  -Dmdep.outputFile=target/compose-config.classpath >&2
	@java -cp "compose-deployment/target/classes:$$(cat compose-deployment/target/compose-config.classpath)" \
	  dev.descheduler.compose.ComposeConfig "$(CURDIR)"
.PHONY: compose-config

# Operator commands. Every target fails loudly: no `-` prefixes, no `|| true`.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

MVN ?= mvn -B -ntp
DATA_DIR ?= .data
INPUT ?=

.PHONY: help build test up down clean demo status bronze bronze-stream silver sql

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

build: ## compile and package every module (no tests)
	$(MVN) install -DskipTests

test: ## run every unit and integration test (real Kafka, S3 and PostgreSQL, started by the tests themselves)
	$(MVN) install

up: build ## start the local stack, the collector and the SQL endpoint in the background, print their addresses
	scripts/up.sh

status: ## show what is running
	scripts/status.sh

down: ## stop everything started by `make up`, keep the data
	scripts/down.sh

clean: down ## stop everything and wipe the data and build output
	rm -rf $(DATA_DIR)
	$(MVN) -q clean

bronze: ## land what Kafka holds now in Bronze (available-now run), print what it wrote; needs `make up`
	scripts/spark-job.sh bronze-streaming-job dev.descheduler.bronze.BronzeStreamingJob --available-now

bronze-stream: ## run Bronze continuously in the background (10 s trigger) until `make down`
	scripts/bronze-stream.sh

silver: ## build Silver from what Bronze committed since the last run, print what it did; needs `make up`
	scripts/spark-job.sh silver-batch-job dev.descheduler.silver.SilverBatchJob

sql: ## open a SQL shell (beeline) on the SQL endpoint started by `make up`
	scripts/sql.sh

demo: up ## HTTP -> Kafka -> Bronze -> Silver on real GH Archive data (or INPUT=file, an online hour, generated events)
	INPUT="$(INPUT)" scripts/demo.sh

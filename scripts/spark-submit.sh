#!/usr/bin/env bash
# spark-submit for machines without a Spark installation: org.apache.spark.deploy.SparkSubmit of the Spark 3.5 the
# build resolved from Maven, through Spark's own launcher (scripts/spark-class.sh). scripts/job.sh falls back to it
# when neither SPARK_SUBMIT, SPARK_HOME nor a spark-submit on PATH names one. Same options as spark-submit.
exec "$(dirname "$0")/spark-class.sh" org.apache.spark.deploy.SparkSubmit "$@"

#!/usr/bin/env bash
# What a Spark distribution's bin/spark-class does, on the Spark home built from the build's Maven artifacts
# (spark_home_from_build in lib.sh): Spark's own launcher (org.apache.spark.launcher.Main) turns a class and its
# arguments into the java command line (classpath SPARK_HOME/jars, spark-defaults.conf, SPARK_DAEMON_MEMORY and
# SPARK_DAEMON_JAVA_OPTS for a master or worker, --driver-memory and the Java 17 flags for SparkSubmit), which this
# script then runs in its place. SPARK_HOME set by the caller names an installed Spark instead.
# Usage: scripts/spark-class.sh <class> [args...]   e.g. org.apache.spark.deploy.master.Master --host 127.0.0.1
source "$(dirname "$0")/lib.sh"
if [[ -z "${SPARK_HOME:-}" ]]; then
  SPARK_HOME="$(spark_home_from_build)"
fi
export SPARK_HOME
# the launcher guesses the Scala version from a source checkout's build folders, which a distribution lacks
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.12}"
JAVA="$(java_bin)"

# As bin/spark-class reads the launcher: lines of messages, an empty line (a NUL and a newline), then the command's
# words, each ended by a NUL; this script appends the launcher's exit code as the last word.
command=()
delimiter=$'\n'
in_command=false
while IFS= read -r -d "$delimiter" word; do
  if [[ "$in_command" == true ]]; then
    command+=("$word")
  elif [[ -z "$word" ]]; then
    delimiter=''
    in_command=true
  else
    echo "$word"
  fi
done < <("$JAVA" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"; printf '%d\0' $?)
status="${command[-1]:-1}"
if [[ "$in_command" != true || "$status" != 0 ]]; then
  exit "$status"
fi
unset 'command[-1]'
exec "${command[@]}"

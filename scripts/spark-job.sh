#!/usr/bin/env bash
# Runs one of the lakehouse's Spark applications embedded (Spark's local master, in this JVM): java with the JVM
# flags Spark needs (from lakehouse-spark, their one source) and the module's jar plus the classpath files its build
# wrote (runtime = what a cluster lacks, provided = Spark itself). The environment comes from .env and the running
# local stack. On a real cluster the same jar is spark-submitted instead (docs/lakehouse.md).
# Usage: scripts/spark-job.sh <module> <main class> [args...]
source "$(dirname "$0")/lib.sh"
load_env
module="${1:?usage: spark-job.sh <module> <main class> [args...]}"
main="${2:?usage: spark-job.sh <module> <main class> [args...]}"
shift 2
if [[ -f "$DATA_DIR/stack/stack.env" ]]; then
  set -a; source "$DATA_DIR/stack/stack.env"; set +a
fi
JAVA="$(java_bin)"
target="$ROOT/$module/target"
for file in "$target/$module.jar" "$target/classpath/runtime.classpath" "$target/classpath/provided.classpath"; do
  [[ -f "$file" ]] || { echo "error: $file is missing: build first ('make build')" >&2; exit 1; }
done

# Run from a copy, as up.sh runs the collector: a rebuild (make build, mvn install) rewrites the module's jar and this
# project's SNAPSHOT jars in the local Maven repository, and a JVM that has them open fails on its next class load.
# Third-party release jars never change in place and are used where they are. One copy per run, in a folder named
# after this process's pid (exec below keeps it), removed by a later run once that JVM is gone.
prune_job_copies
copy="$RUN_DIR/jars/$module.$$"
mkdir -p "$copy"
classpath=""
index=0
IFS=: read -r -a entries <<<"$target/$module.jar:$(cat "$target/classpath/runtime.classpath"):$(cat "$target/classpath/provided.classpath")"
for entry in "${entries[@]}"; do
  [[ -n "$entry" ]] || continue
  if [[ "$entry" == "$ROOT"/* || "$entry" == *-SNAPSHOT* ]]; then
    index=$((index + 1))
    cp -R "$entry" "$copy/$index-$(basename "$entry")"
    entry="$copy/$index-$(basename "$entry")"
  fi
  classpath+="${classpath:+:}$entry"
done

read -r -a jvm_options <<<"$("$JAVA" -cp "$classpath" dev.descheduler.lakehouse.JvmOptions)"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
exec "$JAVA" -Xmx"${SPARK_DRIVER_MEMORY:-2g}" "${jvm_options[@]}" -cp "$classpath" "$main" "$@"

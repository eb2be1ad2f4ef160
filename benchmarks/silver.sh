#!/usr/bin/env bash
# Silver's throughput on the real GH Archive sample, with its ceilings measured in the same run (Spark reading the
# same Bronze rows into a no-op sink, with and without parsing). Starts its own PostgreSQL and S3 server.
# Usage: benchmarks/silver.sh [RUNS=3]      (prints each run; take the medians into docs/benchmarks.md)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-3}"
cd "$ROOT"
mvn -B -ntp -q -pl silver-batch-job test-compile
mvn -B -ntp -q -pl silver-batch-job exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
  -Dexec.args="-Xmx2g $(java -cp "$(cat silver-batch-job/target/classpath/runtime.classpath)" dev.descheduler.lakehouse.JvmOptions) \
-Dgharchive.data.dir=$ROOT/../shared/data -classpath %classpath dev.descheduler.silver.SilverBenchmark $RUNS" \
  2> >(grep -v -E '^[0-9:.]+ (INFO|WARN)' >&2)

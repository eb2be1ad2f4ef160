#!/usr/bin/env bash
# Docker build step of every image that runs a lakehouse Spark application (the Spark images and Airflow's): lays
# out a module built by Maven the way scripts/job.sh's cluster branch reads it, under a new root:
#   <dest>/<module>/target/<module>.jar                   the thin application jar (the module's finalName)
#   <dest>/<module>/target/lib/*.jar                       its runtime classpath: what a Spark distribution lacks
#   <dest>/<module>/target/classpath/runtime.classpath     those jars, ':'-separated, as paths under <root>
# The module's own runtime.classpath points into the build's local Maven repository, which is gone once the build
# step ends; the copy names the jars where the image keeps them.
# Usage: stage-module.sh <module> <dest> <root in the image>
set -euo pipefail
module="${1:?usage: stage-module.sh <module> <dest> <root in the image>}"
dest="${2:?usage: stage-module.sh <module> <dest> <root in the image>}"
root="${3:?usage: stage-module.sh <module> <dest> <root in the image>}"
target="$module/target"
for file in "$target/$module.jar" "$target/classpath/runtime.classpath"; do
  [[ -f "$file" ]] || { echo "error: $file is missing: the Maven build of $module did not produce it" >&2; exit 1; }
done
out="$dest/$module/target"
mkdir -p "$out/lib" "$out/classpath"
cp "$target/$module.jar" "$out/$module.jar"
classpath=""
IFS=: read -r -a entries <<<"$(cat "$target/classpath/runtime.classpath")"
for entry in "${entries[@]}"; do
  [[ -n "$entry" ]] || continue
  [[ -f "$entry" ]] || { echo "error: $entry (runtime classpath of $module) is not a jar file" >&2; exit 1; }
  # one folder for all: two jars of one file name would silently replace each other
  [[ ! -e "$out/lib/$(basename "$entry")" ]] || { echo "error: two runtime jars of $module are named $(basename "$entry")" >&2; exit 1; }
  cp "$entry" "$out/lib/"
  classpath+="${classpath:+:}$root/$module/target/lib/$(basename "$entry")"
done
printf '%s' "$classpath" >"$out/classpath/runtime.classpath"
echo "staged $module: $(ls "$out/lib" | wc -l) runtime jars"

#!/usr/bin/env bash
# Docker build step of every image that runs a lakehouse Spark application (the Spark images and Airflow's): lays
# out a module built by Maven the way scripts/job.sh's cluster branch reads it, as a tree to copy onto the image's /:
#   <staging>/<home>/<module>/target/<module>.jar               the thin application jar (the module's finalName)
#   <staging>/<home>/<module>/target/classpath/runtime.classpath  its runtime jars, ':'-separated, as image paths
#   <staging>/<jars>/*.jar                                        those jars: what a Spark distribution lacks, one
#                                                                 copy for all the modules an image holds
# The module's own runtime.classpath points into the build's local Maven repository, which is gone once the build
# step ends; the copy names the jars where the image keeps them. They stay outside <home> (the repository's place):
# job.sh copies the jars under it for every run, which is right for a checkout being rebuilt and wasted on release
# jars that never change in an image.
# Usage: stage-module.sh <module> <staging> [<home> [<jars>]]   (defaults /opt/descheduler, /opt/lakehouse-jars)
set -euo pipefail
module="${1:?usage: stage-module.sh <module> <staging> [<home> [<jars>]]}"
staging="${2:?usage: stage-module.sh <module> <staging> [<home> [<jars>]]}"
home="${3:-/opt/descheduler}"
jars="${4:-/opt/lakehouse-jars}"
target="$module/target"
for file in "$target/$module.jar" "$target/classpath/runtime.classpath"; do
  [[ -f "$file" ]] || { echo "error: $file is missing: the Maven build of $module did not produce it" >&2; exit 1; }
done
out="$staging$home/$module/target"
lib="$staging$jars"
mkdir -p "$out/classpath" "$lib"
declare -A own=()
cp "$target/$module.jar" "$out/$module.jar"
classpath=""
IFS=: read -r -a entries <<<"$(cat "$target/classpath/runtime.classpath")"
for entry in "${entries[@]}"; do
  [[ -n "$entry" ]] || continue
  [[ -f "$entry" ]] || { echo "error: $entry (runtime classpath of $module) is not a jar file" >&2; exit 1; }
  name="$(basename "$entry")"
  # one folder for all: two different jars of one file name would silently replace each other
  [[ ! -v "own[$name]" ]] || { echo "error: two runtime jars of $module are named $name" >&2; exit 1; }
  own[$name]=1
  if [[ -e "$lib/$name" ]]; then
    cmp -s "$entry" "$lib/$name" || { echo "error: $name differs from the jar of that name another module staged" >&2; exit 1; }
  else
    cp "$entry" "$lib/"
  fi
  classpath+="${classpath:+:}$jars/$name"
done
printf '%s' "$classpath" >"$out/classpath/runtime.classpath"
echo "staged $module: ${#own[@]} runtime jars"

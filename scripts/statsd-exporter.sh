#!/usr/bin/env bash
# Airflow's StatsD exporter (prometheus/statsd_exporter) for `make up` and the Airflow tests. It has no Debian package,
# so Go builds it from source into .tools/bin, at the version of docker-compose.yaml's statsd-exporter image: both
# stacks translate Airflow's metrics with the same exporter and the same mapping (monitoring/statsd/airflow.yml).
#   scripts/statsd-exporter.sh install   build it unless .tools/bin holds that version already (make statsd-exporter)
#   scripts/statsd-exporter.sh path      print where the binary is (STATSD_EXPORTER_BIN overrides it)
# Without Go and without a binary, install says so and succeeds: `make up` then runs without Airflow's metrics. Under
# CI (.ci/run) that is a failure instead, as the tests that need the exporter would fail anyway.
source "$(dirname "$0")/lib.sh"
MODULE=github.com/prometheus/statsd_exporter
TOOLS_BIN="$ROOT/.tools/bin"
BIN="${STATSD_EXPORTER_BIN:-$TOOLS_BIN/statsd_exporter}"
# where the official Go tarball installs, which non-login shells (make, CI runners) often lack on PATH
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then PATH="/usr/local/go/bin:$PATH"; fi

# the tag of compose's image, e.g. v0.28.0
wanted_version() {
  local version
  version="$(sed -nE 's#^[[:space:]]*image:[[:space:]]*prom/statsd-exporter:(v[0-9][0-9.]*)[[:space:]]*$#\1#p' \
    "$ROOT/docker-compose.yaml")"
  if [[ -z "$version" ]]; then
    echo "error: docker-compose.yaml names no prom/statsd-exporter:vX.Y.Z image to take the version from" >&2
    exit 1
  fi
  echo "$version"
}

# the module version Go recorded in the binary (a release binary built without module info prints nothing)
built_version() {
  go version -m "$BIN" 2>/dev/null | awk -v module="$MODULE" '$1 == "mod" && $2 == module { print $3 }'
}

install() {
  local version; version="$(wanted_version)"
  if ! command -v go >/dev/null 2>&1; then
    if [[ -x "$BIN" ]]; then
      echo "statsd_exporter: using $BIN (Go is not installed, so its version is not checked against $version)"
      return 0
    fi
    local reason="statsd_exporter not installed: it has no Debian package and is built by Go, which is not installed"
    reason+=" (install Go from https://go.dev/dl or your distribution, then 'make statsd-exporter')"
    local ci="${CI:-}"
    if [[ -n "$ci" && "$ci" != "false" ]]; then
      echo "error: $reason; CI is set, so this fails instead of going on without it" >&2
      exit 1
    fi
    echo "$reason; Airflow's metrics are not exported, everything else runs without it"
    return 0
  fi
  if [[ -x "$BIN" && "$(built_version)" == "$version" ]]; then
    return 0
  fi
  if [[ "$BIN" != "$TOOLS_BIN/statsd_exporter" ]]; then
    echo "error: STATSD_EXPORTER_BIN=$BIN is not $version ($(built_version || true)): point it at that version, or unset it to build one into $TOOLS_BIN" >&2
    exit 1
  fi
  echo "statsd_exporter: building $MODULE@$version into $TOOLS_BIN with $(go version | cut -d' ' -f3) (about a minute the first time)"
  mkdir -p "$TOOLS_BIN"
  GOBIN="$TOOLS_BIN" go install "$MODULE@$version"
  [[ "$(built_version)" == "$version" ]] || {
    echo "error: go install left $BIN at '$(built_version)', not $version" >&2
    exit 1
  }
}

case "${1:-}" in
  install) install ;;
  path) echo "$BIN" ;;
  *)
    echo "usage: scripts/statsd-exporter.sh install|path" >&2
    exit 64
    ;;
esac

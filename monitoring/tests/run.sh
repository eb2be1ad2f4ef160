#!/usr/bin/env bash
# The monitoring tests that need only Prometheus's own tool (make monitoring-test, part of make test):
# the configuration and every rule file are valid, and each alert fires when it should and stays quiet when it should
# not (promtool test rules, monitoring/prometheus/tests). Without promtool they are skipped with the reason, except
# under CI, where .ci/run installs it and a missing promtool is a failure.
set -euo pipefail
cd "$(dirname "$0")/../prometheus"
if ! command -v promtool >/dev/null 2>&1; then
  reason="promtool not installed (it comes with Debian's prometheus package: sudo apt-get install prometheus)"
  ci="${CI:-}"
  if [[ -n "$ci" && "$ci" != "false" ]]; then
    echo "error: $reason; CI is set, so the monitoring tests fail instead of skipping" >&2
    exit 1
  fi
  echo "monitoring tests SKIPPED: $reason"
  exit 0
fi
promtool --version | head -1
# the target files are written at start by scripts/monitoring.sh (or mounted by compose): give check config some
targets="$(mktemp -d)"
trap 'rm -rf "$targets"' EXIT
cp prometheus.yml "$targets/"
cp -r rules "$targets/"
mkdir "$targets/targets"
for job in prometheus collector bronze-stream pushgateway airflow; do echo '[]' >"$targets/targets/$job.json"; done
promtool check config "$targets/prometheus.yml"
promtool test rules tests/*_test.yml

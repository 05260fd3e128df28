#!/usr/bin/env bash
# ctest spec.redocly_lint: lint spec/amperity.openapi.yaml with the pinned Redocly CLI and the
# rules in spec/redocly.yaml. Fails on any error; exits 77 (skipped) when npm is not installed.
#
#   tests/spec/lint.sh [path/to/spec.yaml]
set -euo pipefail

root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
spec=${1:-"$root/spec/amperity.openapi.yaml"}

status=0
bin=$("$root/scripts/spec-tools") || status=$?
if ((status == 77)); then
    echo "SKIP spec.redocly_lint: npm is not installed, so redocly is unavailable" >&2
    exit 77
elif ((status != 0)); then
    echo "FAIL spec.redocly_lint: scripts/spec-tools could not install redocly (exit $status)" >&2
    exit 1
fi

# No telemetry and no update check: tests talk to loopback only.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
"$bin/redocly" lint --config "$root/spec/redocly.yaml" --format=codeframe "$spec"

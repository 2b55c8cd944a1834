#!/usr/bin/env bash
# Runs every test project in TwinLab.sln and ends with one summary line: "tests: N passed, N failed, N skipped".
# Under CI (CI=true) a skipped test fails the run: CI installs every server the integration tests need,
# so a skip there means something was not set up.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
# Measurements that live beside the tests (Category=Benchmark, e.g. the cluster figures) are run by their bench scripts,
# not here; tests that reproduce a known, documented problem (Category=KnownProblem) run on request
# (./test.sh --filter Category=KnownProblem); a --filter of the caller's replaces this one.
filter=(--filter "Category!=Benchmark&Category!=KnownProblem")
for arg in "$@"; do [ "$arg" = "--filter" ] && filter=(); done
dotnet test TwinLab.sln --nologo "${filter[@]}" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
passed=0; failed=0; skipped=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -nE 's/.*(Passed|Failed)! +- +Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \3 \4/p' "$log")
if [ "$skipped" -gt 0 ]; then
  echo "Skipped tests:"; grep -E '^\s+Skipped ' "$log" | sed 's/^/  /' || true
fi
rm -f "$log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ]; then exit "$status"; fi
if [ "$passed" -eq 0 ]; then echo "no test ran"; exit 1; fi
if [ "${CI:-}" = "true" ] && [ "$skipped" -gt 0 ]; then echo "CI runs every test: $skipped skipped"; exit 1; fi
exit 0

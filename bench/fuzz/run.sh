#!/usr/bin/env bash
# A longer fuzzing run: every property of tests/TwinLab.Fuzz.Tests for a time budget instead of CI's fixed count, from
# random seeds (CsCheck prints the seed of any failure; rerun it with TWINLAB_FUZZ_SEED=... to reproduce).
#
#   bench/fuzz/run.sh [--minutes N] [--parser NAME] [--seed SEED]
#
#   --minutes N    minutes per property (default 1; fractions such as 0.5 are fine)
#   --parser NAME  only the properties of one parser, by its trait (dtdl, query, route-filter, json-patch, ndjson-import,
#                  scenario-yaml, fhir, bp-csv, health-profile-yaml, interaction-csv, roster-yaml, nmap-xml, iptables,
#                  nvd-json, kev, epss-csv, topology-yaml, mapping-yaml, mqtt-payload, data-file)
#   --seed SEED    start from this CsCheck seed (reproduces a failure)
#
# Prints one line per property: parser, cases tried, seconds, seed; the lines also go to bench/fuzz/out/last-run.tsv,
# and every failing input, in full, to bench/fuzz/out/failures/.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=1
parser=""
seed=""
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --parser) parser="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    *) echo "usage: bench/fuzz/run.sh [--minutes N] [--parser NAME] [--seed SEED]" >&2; exit 2 ;;
  esac
done
seconds=$(awk -v m="$minutes" 'BEGIN { s = int(m * 60); if (s < 1) s = 1; print s }')
mkdir -p bench/fuzz/out
log="$PWD/bench/fuzz/out/last-run.tsv"
: > "$log"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
export TWINLAB_FUZZ_SECONDS="$seconds" TWINLAB_FUZZ_LOG="$log" TWINLAB_FUZZ_FAILURES="$PWD/bench/fuzz/out/failures"
[ -n "$seed" ] && export TWINLAB_FUZZ_SEED="$seed"
filter="FullyQualifiedName~TwinLab.Fuzz.Tests.Parsers"
[ -n "$parser" ] && filter="$filter&Parser=$parser"
dotnet build tests/TwinLab.Fuzz.Tests --nologo -v quiet
status=0
dotnet test tests/TwinLab.Fuzz.Tests --no-build --nologo --filter "$filter" || status=$?
echo
printf 'parser\tcases\tseconds\tseed\n'
cut -f1-4 "$log"
awk -F'\t' '{ n += $2 } END { printf "total\t%d cases\n", n }' "$log"
exit "$status"

#!/usr/bin/env bash
# Side by side: TwinLab's discrete-event engine and Debian's python3-simpy (SimPy 2.3.1) on the same M/M/c
# queue and the same number of customers. Prints both rates in events per second and their ratio, and exits
# non-zero when TwinLab is less than 50 times faster.
#
# An event is an arrival or a service completion on both sides (2 per customer); see mmc.py.
# Both sides report their best of several runs; .NET warms up first so the JIT has tiered up. The verdict uses
# wall-clock rates; rates by thread CPU time are printed too, as a check on a machine shared with other jobs.
# Usage: bench/simpy/compare.sh [customers] [servers] [arrival rate] [service rate]
set -euo pipefail
cd "$(dirname "$0")/../.."

customers=${1:-200000}
servers=${2:-3}
arrival=${3:-2.4}
service=${4:-1.0}
python=${PYTHON:-/usr/bin/python3}
minimum=50

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! build=$(dotnet build -c Release bench/TwinLab.Benchmarks --nologo -v quiet 2>&1); then
  echo "$build"; exit 2
fi
dll=bench/TwinLab.Benchmarks/bin/Release/net10.0/TwinLab.Benchmarks.dll

args=(--customers "$customers" --servers "$servers" --arrival-rate "$arrival" --service-rate "$service")
echo "M/M/$servers, arrival rate $arrival, service rate $service, $customers customers ($((2 * customers)) events)"

dotnet_out=$(dotnet "$dll" mmc-rate "${args[@]}")
# -O drops SimPy's __debug__ checks: the fastest way to run it, so the ratio is not flattered.
simpy_out=$("$python" -O bench/simpy/mmc.py "${args[@]}")

value() { sed -n "s/^$1=//p" <<<"$2"; }
twinlab=$(value events_per_second "$dotnet_out")
process=$(value process_layer_events_per_second "$dotnet_out")
simpy=$(value events_per_second "$simpy_out")

printf '%-34s %14.0f events/s  (mean wait %s)\n' "TwinLab engine (low level)" "$twinlab" "$(value mean_wait "$dotnet_out")"
printf '%-34s %14.0f events/s  (mean wait %s)\n' "TwinLab engine (process layer)" "$process" "$(value process_layer_mean_wait "$dotnet_out")"
printf '%-34s %14.0f events/s  (mean wait %s)\n' "SimPy $("$python" -c 'import SimPy; print(SimPy.__version__)')" "$simpy" "$(value mean_wait "$simpy_out")"
printf '%-34s %14s           (Erlang C: %s)\n' "" "" "$(value erlang_c_mean_wait "$dotnet_out")"

awk -v t="$twinlab" -v p="$process" -v s="$simpy" -v min="$minimum" \
    -v tc="$(value events_per_cpu_second "$dotnet_out")" -v sc="$(value events_per_cpu_second "$simpy_out")" 'BEGIN {
    printf "ratio (low level / SimPy):     %.1fx\n", t / s
    printf "ratio (process layer / SimPy): %.1fx\n", p / s
    printf "ratio by thread CPU time (low level / SimPy, not slowed by other jobs): %.1fx\n", tc / sc
    if (t / s < min) { printf "FAIL: under %dx\n", min; exit 1 }
    printf "OK: at least %dx\n", min
}'

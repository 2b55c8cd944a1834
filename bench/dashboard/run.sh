#!/usr/bin/env bash
# The dashboard's browser bench (issue 10): builds Release, loads the demo (`twinlab demo`) into a fresh database, serves
# it with `twinlab serve --dev` on loopback, and drives Debian's Chromium with Playwright (bench/dashboard/
# TwinLab.DashboardBench) to measure
#   first load   /dashboard/ from navigation start to <main aria-busy="false">, cold and warm cache   target < 1 s
#   line chart   100,000 points: first draw; frame times while zooming (wheel) and panning (drag)    target frames < 50 ms
#   graph        5,000 nodes: time to settle; frame times while settling, panning and zooming        target frames < 50 ms
# and prints a markdown table (also written to --out FILE).
#
# Usage: bench/dashboard/run.sh [--runs N] [--port N] [--out FILE] [--keep]
#   --runs N    page loads per median (default 10)
#   --port N    loopback port for the server (default 5098)
#   --out FILE  also write the table to FILE
#   --keep      keep the database and server log (printed at the end)
# Needs Chromium: TWINLAB_CHROMIUM (default /usr/bin/chromium; Debian: apt-get install chromium).
# Exits 0 when every measurement finished; the targets are reported, not enforced (the machine may be busy).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

runs=10 port=5098 out= keep=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) runs=$2; shift ;;
    --port) port=$2; shift ;;
    --out) out=$2; shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

chromium=${TWINLAB_CHROMIUM:-/usr/bin/chromium}
[[ -x $chromium ]] || { echo "Chromium not found at $chromium (Debian: sudo apt-get install -y chromium; or set TWINLAB_CHROMIUM)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }

source "$root/bench/lib/serve.sh"
bench_setup dashboardbench
bench_build src/TwinLab.Cli bench/dashboard/TwinLab.DashboardBench
cli=(dotnet "$root/src/TwinLab.Cli/bin/Release/net10.0/twinlab.dll")
bench=(dotnet "$root/bench/dashboard/TwinLab.DashboardBench/bin/Release/net10.0/twinlab-dashboardbench.dll")

db=$work/demo.db
echo "loading the demo into $db..."
"${cli[@]}" demo --db "$db" >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; exit 1; }

url=http://127.0.0.1:$port
echo "starting twinlab serve --dev --urls $url"
Logging__LogLevel__Default=Warning "${cli[@]}" --db "$db" serve --dev --urls "$url" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 600); do
  kill -0 "$server_pid" 2>/dev/null || { echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/dashboard/" || true) == 200 ]] && break
  sleep 0.2
done

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); chromium: $("$chromium" --version 2>/dev/null | head -1)"
"${bench[@]}" --url "$url" --runs "$runs" --chromium "$chromium" ${out:+--out "$out"}
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# The server's load bench (issue 8): builds Release, seeds a fresh database with a 10,000-twin building graph through
# the API, serves it with `twinlab serve --dev` on loopback, and drives it with wrk:
#   get      GET /digitaltwins/{id} of a random twin                           target >= 20,000 req/s, p99 < 10 ms
#   patch    PATCH /digitaltwins/{id}, JSON Patch replace of one property of a random room,
#            acknowledged after the SQLite commit (WAL, synchronous=NORMAL)    target >= 5,000 req/s
#   query    POST /query "SELECT * FROM DIGITALTWINS T WHERE T.status = 'fault'": filters every twin by one property;
#            the 1,000 air handling units have it, 20 of them match          target >= 1,000 req/s
#   query-1k POST /query "... WHERE T.status IN ['running', 'stopped', 'fault']": the same filter, all 1,000 AHUs
#            returned (one full page, ~0.4 MB)                               reference
# Then a crash check: one more PATCH, SIGKILL the server, restart it, and the patched value must be there.
#
# Usage: bench/server/run.sh [--quick] [--duration SECONDS] [--connections N] [--buildings N] [--port N]
#                            [--https] [--workstation-gc] [--keep]
#   --quick           5 s per run, 2 s warm-up (default: 30 s per run, 10 s warm-up)
#   --connections N   wrk connections (default 64); wrk always runs one thread so the server has the other core(s)
#   --buildings N     graph size: 1,000 twins per building (default 10)
#   --https           also measure GET over HTTPS (needs a server with HTTPS; skipped with a note if it will not start)
#   --workstation-gc  run the server with the workstation GC instead of the server GC
#   --keep            keep the database and wrk outputs (printed at the end)
#   --only RUNS       only these runs, comma-separated (get,patch,query,query-1k), e.g. to profile one
# Exits 0 when every run finished without errors; the targets are reported, not enforced (the machine may be busy).
# Loopback only; the server it starts is stopped on exit, Ctrl-C or failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

duration=30 warmup=10 connections=64 buildings=10 port=5099 https=0 keep=0 gc=server only=
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) duration=5 warmup=2 ;;
    --duration) duration=$2; shift ;;
    --connections) connections=$2; shift ;;
    --buildings) buildings=$2; shift ;;
    --port) port=$2; shift ;;
    --https) https=1 ;;
    --workstation-gc) gc=workstation ;;
    --keep) keep=1 ;;
    --only) only=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

command -v wrk >/dev/null || { echo "wrk is not installed (Debian/Ubuntu: sudo apt-get install -y wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is not installed" >&2; exit 2; }

source "$root/bench/lib/serve.sh"
bench_setup serverbench
bench_build src/TwinLab.Cli bench/server/TwinLab.ServerBench
cli=(dotnet "$root/src/TwinLab.Cli/bin/Release/net10.0/twinlab.dll")
seeder=(dotnet "$root/bench/server/TwinLab.ServerBench/bin/Release/net10.0/twinlab-serverbench.dll")

db=$work/bench.db
# Per-request logging off (Information would log two lines per request); the server GC, as an ASP.NET Core host has
# by default (the CLI process that hosts `serve` is a console application and would otherwise get the workstation GC).
# Rate limits are off with --dev already; said again so a bench never measures the limiter's 429s instead of the server.
server_env=(Logging__LogLevel__Default=Warning TwinLab__RateLimit__Enabled=false)
[[ $gc == server ]] && server_env+=(DOTNET_gcServer=1)

start_server() { # $1 = URL; waits until it answers
  local url=$1
  env "${server_env[@]}" "${cli[@]}" --db "$db" serve --dev --urls "$url" >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 300); do
    if ! kill -0 "$server_pid" 2>/dev/null; then server_pid=; return 1; fi
    code=$(curl -sk -o /dev/null -w '%{http_code}' "$url/digitaltwins/none?api-version=2023-10-31" || true)
    [[ $code == 404 ]] && return 0
    sleep 0.1
  done
  return 1
}

url=http://127.0.0.1:$port
echo "starting twinlab serve --dev --urls $url over a fresh database ($gc GC)"
start_server "$url" || { echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
"${seeder[@]}" seed --url "$url" --buildings "$buildings"

export BENCH_DIR=$root/bench/server
queries=(
  "query|SELECT * FROM DIGITALTWINS T WHERE T.status = 'fault'"
  "query-1k|SELECT * FROM DIGITALTWINS T WHERE T.status IN ['running', 'stopped', 'fault']"
)
cpu_ticks() { # the server's user + system CPU time in clock ticks
  awk '{ print $14 + $15 }' "/proc/$server_pid/stat"
}
run_wrk() { # name seconds target-url script args...
  local name=$1 seconds=$2 target=$3 script=$4; shift 4
  [[ ,$only, == *,${name%-warmup},* || ,$only, == *,${name%-https*},* || -z $only ]] || return 0
  local before; before=$(cpu_ticks)
  wrk -t1 -c"$connections" -d"${seconds}s" --timeout 5s --latency -s "$BENCH_DIR/$script" "$target" -- "$@" >"$work/$name.txt" 2>&1 \
    || { echo "wrk failed on $name:" >&2; cat "$work/$name.txt" >&2; exit 1; }
  kill -0 "$server_pid" 2>/dev/null || { echo "the server died during $name:" >&2; tail -50 "$work/server.log" >&2; exit 1; }
  local after; after=$(cpu_ticks)
  local line; line=$(grep '^RESULT ' "$work/$name.txt" || true)
  [[ -n $line ]] || { echo "no result from wrk on $name:" >&2; cat "$work/$name.txt" >&2; exit 1; }
  # Server CPU time per request: less sensitive than req/s to other work on the machine.
  local cpu_us; cpu_us=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v l="$line" \
    'BEGIN { match(l, /requests=[0-9]+/); n = substr(l, RSTART + 9, RLENGTH - 9); printf "%.0f", (n > 0 ? t / hz * 1e6 / n : 0) }')
  line="RESULT $name ${line#RESULT * } cpu_us=$cpu_us"
  [[ $name == *-warmup ]] || echo "$line" >>"$work/results.txt"
  echo "  ${line#RESULT }"
}
run_all() { # seconds suffix target-url
  local seconds=$1 suffix=$2 target=$3
  run_wrk "get$suffix" "$seconds" "$target" get.lua "$buildings"
  run_wrk "patch$suffix" "$seconds" "$target" patch.lua "$buildings"
  for q in "${queries[@]}"; do run_wrk "${q%%|*}$suffix" "$seconds" "$target" query.lua "${q%%|*}" "${q#*|}"; done
}

echo "warm-up (${warmup} s each)..."
run_all "$warmup" -warmup "$url"
echo "measuring (${duration} s each, 1 wrk thread, $connections connections)..."
run_all "$duration" "" "$url"
"${seeder[@]}" check --url "$url" --buildings "$buildings" >/dev/null

# Durability: a PATCH acknowledged (204) before a SIGKILL must be there after the restart.
marker=$((RANDOM % 1000 + 1000))
code=$(curl -s -o /dev/null -w '%{http_code}' -X PATCH -H 'Content-Type: application/json-patch+json' \
  -d "[{\"op\": \"replace\", \"path\": \"/occupancy\", \"value\": $marker}]" "$url/digitaltwins/room-7?api-version=2023-10-31")
[[ $code == 204 ]] || { echo "crash check: the PATCH answered $code" >&2; exit 1; }
kill -KILL "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=
start_server "$url" || { echo "the server did not restart after SIGKILL:" >&2; tail -50 "$work/server.log" >&2; exit 1; }
if curl -sf "$url/digitaltwins/room-7?api-version=2023-10-31" | grep -q "\"occupancy\":$marker[,}]"; then
  crash="a PATCH acknowledged just before SIGKILL was there after the restart"
else
  echo "crash check FAILED: room-7's occupancy $marker was lost by SIGKILL" >&2; exit 1
fi
stop_server

https_note=
if [[ $https == 1 ]]; then
  surl=https://127.0.0.1:$((port + 1))
  echo "HTTPS reference: twinlab serve --dev --urls $surl"
  if start_server "$surl"; then
    run_wrk get-https-warmup "$warmup" "$surl" get.lua "$buildings"
    run_wrk get-https "$duration" "$surl" get.lua "$buildings"
    stop_server
  else
    https_note="HTTPS skipped: the server did not start on $surl (see $work/server.log with --keep)"
    stop_server
  fi
fi

target_of() { case $1 in get) echo "20000 10";; patch) echo "5000 -";; query) echo "1000 -";; *) echo "- -";; esac; }
echo
echo "TwinLab server load bench: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), .NET $(dotnet --version), $gc GC"
echo "$((buildings * 1000)) twins, $((buildings * 1788)) relationships; wrk 1 thread, $connections connections, ${duration} s per run"
printf '%-10s %10s %9s %9s %9s %9s %8s %12s  %s\n' run req/s p50_ms p90_ms p99_ms max_ms errors cpu_us/req target
failed=0
while read -r _ name rest; do
  declare -A f=()
  for kv in $rest; do f[${kv%%=*}]=${kv#*=}; done
  read -r want_rps want_p99 < <(target_of "$name")
  verdict=
  if [[ $want_rps != - ]]; then
    verdict=">= $want_rps req/s"
    [[ $want_p99 != - ]] && verdict+=", p99 < $want_p99 ms"
    met=$(awk -v r="${f[rps]}" -v p="${f[p99]}" -v wr="$want_rps" -v wp="$want_p99" \
      'BEGIN { print ((r >= wr && (wp == "-" || p < wp)) ? "met" : "NOT met") }')
    verdict+=": $met"
  fi
  errors=$((f[non2xx] + f[errors]))
  [[ $errors -gt 0 ]] && failed=1
  printf '%-10s %10s %9s %9s %9s %9s %8s %12s  %s\n' "$name" "${f[rps]}" "${f[p50]}" "${f[p90]}" "${f[p99]}" "${f[max]}" "$errors" "${f[cpu_us]}" "$verdict"
  unset f
done <"$work/results.txt"
echo "durability: $crash"
[[ -n $https_note ]] && echo "$https_note"
if [[ $failed == 1 ]]; then echo "some requests failed (non-2xx or socket errors): see the wrk outputs (--keep)" >&2; exit 1; fi

#!/usr/bin/env bash
# The MQTT intake load bench (issue figure: 50,000 messages/s for 60 s into twin telemetry, zero loss, p99
# send-to-visible < 100 ms). Starts a private mosquitto on a free loopback port, the intake (TwinLab.SyncBench serve:
# MqttSource → IngestPipeline → SQLite) and the publisher (TwinLab.SyncBench publish: a raw MQTT 5 client writing
# pre-encoded QoS 1 PUBLISH packets, or MQTTnet clients with --client mqttnet), then prints the publisher's and the
# intake's figures and each process's CPU time per message.
#
#   bench/sync/run.sh                      # 60 s at 50,000 msg/s over 1,000 twins
#   bench/sync/run.sh --seconds 15         # shorter
#   bench/sync/run.sh --rate 20000 --clients 2 --publishers 2 --sink null --max-batch 4000
#
# Options: --seconds N, --rate N (messages/s), --twins N, --client raw|mqttnet (the publisher), --publishers N
# (publishing connections; default 1 raw, 8 MQTTnet), --clients N
# (MqttSources; more than one subscribe as a shared subscription $share/…), --sink pipeline|null (null: acknowledge at
# once, to measure MQTT alone), --max-batch N, --capacity N, --receive-max N, --no-coalesce (one TCP send per PUBACK).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=60 rate=50000 twins=1000 clients=1 sink=pipeline
serve_extra=() publish_extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --twins) twins="$2"; shift 2 ;;
    --publishers|--client|--window) publish_extra+=("$1" "$2"); shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --sink) sink="$2"; shift 2 ;;
    --max-batch|--capacity|--receive-max|--max-delay-ms) serve_extra+=("$1" "$2"); shift 2 ;;
    --no-coalesce) serve_extra+=("$1"); shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

mosquitto="${TWINLAB_MOSQUITTO:-$(command -v mosquitto || echo /usr/sbin/mosquitto)}"
[ -x "$mosquitto" ] || { echo "run.sh: mosquitto not found (apt-get install mosquitto, or set TWINLAB_MOSQUITTO)" >&2; exit 2; }

echo "building TwinLab.SyncBench (Release)…"
dotnet build -c Release -v q -nologo bench/sync/TwinLab.SyncBench >/dev/null
bench=(dotnet bench/sync/TwinLab.SyncBench/bin/Release/net10.0/TwinLab.SyncBench.dll)

work="$(mktemp -d)"
chmod 777 "$work" # mosquitto started as root drops to its own user
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port=""
for candidate in $(shuf -i 20000-60000 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port="$candidate"; break; fi
done
[ -n "$port" ] || { echo "run.sh: no free port found" >&2; exit 1; }
# No broker-wide inflight cap (MQTT 5 clients' receive maximum governs: the intake's is 10,000 by default) and a deep
# queue, so messages wait at the broker if the intake falls behind instead of being dropped (any drop shows as loss).
cat > "$work/mosquitto.conf" <<EOF
listener $port 127.0.0.1
allow_anonymous true
persistence false
max_inflight_messages 0
max_queued_messages 10000000
EOF
"$mosquitto" -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
broker_pid=$!
pids+=("$broker_pid")
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
broker="mqtt://127.0.0.1:$port"

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"
"${bench[@]}" serve --broker "$broker" --twins "$twins" --clients "$clients" --sink "$sink" \
  --expect "$work/publish.json" "${serve_extra[@]}" > >(tee "$work/serve.log") 2>&1 &
serve_pid=$!
pids+=("$serve_pid")
for _ in $(seq 600); do
  grep -q "serve: ready" "$work/serve.log" 2>/dev/null && break
  kill -0 "$serve_pid" 2>/dev/null || { echo "run.sh: serve exited before it was ready" >&2; exit 1; }
  sleep 0.1
done

cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"; }
broker_cpu_before="$(cpu_of "$broker_pid")"
"${bench[@]}" publish --broker "$broker" --rate "$rate" --seconds "$seconds" --twins "$twins" \
  "${publish_extra[@]}" --summary "$work/publish.json" 2>&1 | sed 's/^/[publish] /'
status=0
wait "$serve_pid" || status=$?
broker_cpu_after="$(cpu_of "$broker_pid")"
published="$(grep -o '"Acknowledged":[0-9]*' "$work/publish.json" 2>/dev/null | cut -d: -f2 || true)"
echo "mosquitto CPU during the run: $(awk -v a="$broker_cpu_before" -v b="$broker_cpu_after" -v n="${published:-0}" \
  'BEGIN { printf "%.1f s", b - a; if (n > 0) printf " (%.1f µs/msg)", (b - a) * 1e6 / n }')"
echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run"
exit "$status"

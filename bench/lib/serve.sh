# Shared by the bench scripts that start a TwinLab server (bench/server/run.sh, bench/dashboard/run.sh); sourced, not run.
# bench_setup NAME: makes the work folder ($work), installs the cleanup (stops $server_pid, removes $work unless
# keep=1) on exit and interrupt. bench_build PROJECT...: Release builds, printing the build output only on failure.

bench_setup() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/twinlab-$1.XXXXXX")
  server_pid=
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
}

stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=
}

bench_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_server
  if [[ ${keep:-0} == 1 ]]; then echo "kept: $work"; else rm -rf "$work"; fi
  exit "$rc"
}

bench_build() {
  echo "building (Release)..."
  local project out
  for project in "$@"; do
    if ! out=$(timeout 1200 dotnet build -c Release "$project" --nologo -v quiet 2>&1); then echo "$out" >&2; exit 2; fi
  done
}

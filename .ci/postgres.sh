#!/usr/bin/env bash
# A throw-away PostgreSQL server for the PostgresTwinStore tests.
#
#   bash .ci/postgres.sh [start]   installs PostgreSQL (Debian package) if missing, creates a cluster in a temporary
#                                  directory, starts it on 127.0.0.1:$TWINLAB_PG_PORT (default 55432) with a role and a
#                                  database 'twinlab' (password 'twinlab'), and prints ONE line on stdout:
#                                    export TWINLAB_POSTGRES='Host=127.0.0.1;Port=55432;...'
#                                  (everything else goes to stderr), so a caller can do:
#                                    pg_env=$(bash .ci/postgres.sh); eval "$pg_env"
#                                  If a server already answers on that port with that role, it is reused.
#   bash .ci/postgres.sh stop      stops the cluster this script started on that port and deletes its directory.
#
# initdb and postgres refuse to run as root: as root, the cluster belongs to the 'postgres' system user (created by the
# package). The server listens on 127.0.0.1 only, its socket in the cluster directory; its settings are PostgreSQL's
# defaults (durable commits) except max_connections, raised because test classes run in parallel, each with its stores'
# connection pools.
set -euo pipefail

port="${TWINLAB_PG_PORT:-55432}"
state="${TMPDIR:-/tmp}/twinlab-postgres-$port.dir"
user=twinlab
password=twinlab
database=twinlab
connection="Host=127.0.0.1;Port=$port;Username=$user;Password=$password;Database=$database"

log() { echo "postgres.sh: $*" >&2; }

sudo_cmd() { if [ "$(id -u)" -ne 0 ]; then sudo "$@"; else "$@"; fi; }

# The newest installed server's binaries (Debian keeps them out of PATH).
server_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; fi
}

# Runs a command as the cluster's owner: ourselves, or 'postgres' when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  [ -f "$state" ] || { log "no cluster recorded in $state"; return 0; }
  local dir bin
  dir=$(cat "$state")
  bin=$(server_bin)
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir" "$state"
}

answers() {
  # pg_isready says whether the server accepts connections; psql whether our role and database are there.
  PGPASSWORD="$password" psql -h 127.0.0.1 -p "$port" -U "$user" -d "$database" -Atqc 'SELECT 1' >/dev/null 2>&1
}

start() {
  if answers; then
    log "reusing the PostgreSQL server that answers on 127.0.0.1:$port"
    echo "export TWINLAB_POSTGRES='$connection'"
    return 0
  fi
  local bin
  bin=$(server_bin)
  if [ -z "$bin" ] || ! command -v psql >/dev/null; then
    log "installing PostgreSQL (Debian package postgresql)"
    # Only our own cluster is wanted: stop the package from creating and starting its default one on port 5432.
    sudo_cmd mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" | sudo_cmd tee /etc/postgresql-common/createcluster.d/twinlab.conf >/dev/null
    sudo_cmd apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive sudo_cmd apt-get install -y -qq postgresql >&2
    bin=$(server_bin)
    [ -n "$bin" ] || { log "PostgreSQL was installed but no server binaries were found under /usr/lib/postgresql"; exit 1; }
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
  fi
  [ -f "$state" ] && stop
  local dir
  dir=$(mktemp -d "${TMPDIR:-/tmp}/twinlab-postgres-$port.XXXXXX")
  echo "$dir" > "$state"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
  chmod 700 "$dir"
  local pwfile="$dir/.pw"
  as_owner sh -c "umask 077; printf '%s\n' postgres > '$pwfile'"
  # Password authentication over TCP; the superuser also over the socket in $dir, which only the owner can reach.
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pwfile"
  if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$dir' -c max_connections=300" start >&2; then
    log "the server did not start; its log:"
    cat "$dir/server.log" >&2 || true
    exit 1
  fi
  as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q >&2 <<SQL
CREATE ROLE $user LOGIN PASSWORD '$password';
CREATE DATABASE $database OWNER $user;
SQL
  answers || { log "the server runs but role '$user' cannot connect"; exit 1; }
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, cluster in $dir"
  echo "export TWINLAB_POSTGRES='$connection'"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 [start|stop]" >&2; exit 2 ;;
esac

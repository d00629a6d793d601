#!/usr/bin/env bash
# A throwaway PostgreSQL for tests and load runs: Debian's server binaries (installed when
# missing), a cluster in a temporary directory, listening on 127.0.0.1 at a free port only
# (and a Unix socket inside that directory), trust authentication. Nothing is left running or
# installed as a service.
#   scripts/postgres.sh install      install Debian's postgresql if its binaries are missing
#   scripts/postgres.sh start DIR    create DIR (empty or missing), start; prints the URL
#   scripts/postgres.sh stop DIR     stop the server started in DIR and delete DIR
# Tests run it with fsync off (a throwaway cluster); POSTGRES_DURABLE=1 keeps fsync on, as the
# load figures want.
# The server refuses to run as root, so as root it runs as the `postgres` user.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1;34m[postgres]\033[0m %s\n' "$*" >&2; }

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

install() {
  if bindir >/dev/null; then return; fi
  say "installing PostgreSQL (Debian package)"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update >&2
  # Debian starts a cluster as a service on install; no service is wanted here.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
  if command -v pg_ctlcluster >/dev/null; then
    for cluster in $(pg_lsclusters -h 2>/dev/null | awk '{print $1 "/" $2}'); do
      $sudo pg_ctlcluster "${cluster%/*}" "${cluster#*/}" stop 2>/dev/null || true
    done
  fi
}

# Runs a PostgreSQL binary as the user owning the data directory.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir=$1 bin port
  install
  bin=$(bindir)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log"
  port=$(node scripts/free-ports.mjs 1)
  local durability="-c fsync=off -c synchronous_commit=off"
  [ "${POSTGRES_DURABLE:-}" = 1 ] && durability=""
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir $durability -c max_connections=300" start >&2
  echo "$port" >"$dir/port"
  echo "postgres://postgres@127.0.0.1:$port/postgres"
}

stop() {
  local dir=$1 bin
  [ -d "$dir" ] || return 0
  bin=$(bindir)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  install) install ;;
  start) start "${2:?start DIR}" ;;
  stop) stop "${2:?stop DIR}" ;;
  *) echo "usage: $0 install | start DIR | stop DIR" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: no system service, no root-owned state.
#
#   scripts/pg-cluster.sh start [DIR]   creates and starts a cluster in DIR (default: a new temp
#                                       directory) and prints its URL on stdout, e.g.
#                                       postgres://flowgate:flowgate@127.0.0.1:54321/postgres
#   scripts/pg-cluster.sh stop DIR      stops it and deletes DIR
#   scripts/pg-cluster.sh url DIR       prints the URL of a running cluster again
#   scripts/pg-cluster.sh pause DIR     stops the server, keeping the cluster (an outage, for tests)
#   scripts/pg-cluster.sh resume DIR    starts it again on the same port
#
# Typical use:  dir=$(mktemp -d) && export FLOWGATE_TEST_POSTGRES=$(scripts/pg-cluster.sh start "$dir")
#               ...; scripts/pg-cluster.sh stop "$dir"
#
# Uses the newest /usr/lib/postgresql/<version>/bin (Debian's `postgresql` package), or the
# directory named by PG_BIN. initdb refuses to run as root, so as root the cluster runs as the
# unprivileged user `nobody`. It listens on 127.0.0.1 only, on a free port, with password
# (SCRAM) authentication for user `flowgate`, password `flowgate`: a wrong password is refused,
# which the boot tests rely on.
set -euo pipefail

log() { printf 'pg-cluster: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || die "no PostgreSQL server found (install Debian's postgresql package, or set PG_BIN)"
  echo "$dir"
}

# Runs a command as the cluster's owner: ourselves, or `nobody` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

start() {
  local dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/flowgate-pg.XXXXXX")}
  local bin port
  bin=$(pg_bin)
  mkdir -p "$dir"
  [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
  if [ "$(id -u)" -eq 0 ]; then chown nobody "$dir"; fi
  chmod 700 "$dir"
  printf 'flowgate\n' >"$dir/pwfile"
  if [ "$(id -u)" -eq 0 ]; then chown nobody "$dir/pwfile"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U flowgate --pwfile="$dir/pwfile" --auth-host=scram-sha-256 \
    --auth-local=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  }
  port=$(free_port)
  echo "$port" >"$dir/port"
  run_server "$dir"
  url "$dir"
}

# Test settings: no durability needed (the cluster is thrown away), enough connections for
# several suites and multi-node tests at once.
run_server() {
  local dir=$1
  as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $(cat "$dir/port") -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || {
    cat "$dir/server.log" >&2
    die "the server did not start"
  }
}

pause() {
  local dir=${1:?usage: pg-cluster.sh pause DIR}
  as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}

url() {
  local dir=${1:?usage: pg-cluster.sh url DIR}
  [ -f "$dir/port" ] || die "no cluster in $dir"
  echo "postgres://flowgate:flowgate@127.0.0.1:$(cat "$dir/port")/postgres"
}

stop() {
  local dir=${1:?usage: pg-cluster.sh stop DIR}
  if [ -d "$dir/data" ]; then
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  url) url "${2:-}" ;;
  pause) pause "${2:-}" ;;
  resume) run_server "${2:?usage: pg-cluster.sh resume DIR}" ;;
  *) die "usage: pg-cluster.sh start [DIR] | stop DIR | url DIR | pause DIR | resume DIR" ;;
esac

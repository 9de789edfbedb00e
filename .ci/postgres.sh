#!/usr/bin/env bash
# Start a throwaway PostgreSQL (Debian packages) on 127.0.0.1 and print its SQLAlchemy URL.
# Usage: eval "$(bash .ci/postgres.sh start)"  ...  bash .ci/postgres.sh stop
set -euo pipefail
PGDIR=${PGDIR:-/tmp/leads-dashboard-pg}
PORT=${PGPORT_TEST:-55432}
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-start}" in
  start)
    if [ -z "$(bindir)" ]; then
      $SUDO apt-get update -q >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
    fi
    BIN=$(bindir)
    if [ -f "$PGDIR/postmaster.pid" ]; then as_pg "$BIN/pg_ctl" -D "$PGDIR" stop -m fast >&2 || true; fi
    rm -rf "$PGDIR"; mkdir -p "$PGDIR"
    [ "$(id -u)" = 0 ] && chown postgres "$PGDIR"
    as_pg "$BIN/initdb" -D "$PGDIR" -U postgres --auth=trust >/dev/null
    as_pg "$BIN/pg_ctl" -D "$PGDIR" -l "$PGDIR/log" -w \
      -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
    as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres dashboard_test
    echo "export TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/dashboard_test"
    ;;
  stop)
    BIN=$(bindir)
    [ -n "$BIN" ] && [ -f "$PGDIR/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$PGDIR" stop -m fast >&2 || true
    ;;
esac

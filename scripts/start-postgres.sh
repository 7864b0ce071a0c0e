#!/usr/bin/env bash
# Start a throw-away PostgreSQL 15 server on localhost for the integration tests and print its URL.
# Installs the server from Debian when it is missing; runs it as an unprivileged user.
# PGPORT, PGDIR: where; PGFSYNC=on for benchmarks (the tests run without fsync).
set -euo pipefail
PORT=${PGPORT:-54329}
DIR=${PGDIR:-/tmp/sectorplannen-pg}
FSYNC=${PGFSYNC:-off}
if ! command -v initdb >/dev/null 2>&1; then
  if [ -d /usr/lib/postgresql ]; then
    PATH="$(ls -d /usr/lib/postgresql/*/bin | tail -n1):$PATH"
  else
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PATH="$(ls -d /usr/lib/postgresql/*/bin | tail -n1):$PATH"
  fi
fi
RUNAS=()
if [ "$(id -u)" = 0 ]; then
  id pgtest >/dev/null 2>&1 || useradd --system --no-create-home pgtest
  RUNAS=(runuser -u pgtest --)
fi
if [ -f "$DIR/postmaster.pid" ]; then
  "${RUNAS[@]}" pg_ctl -D "$DIR" stop -m fast >/dev/null 2>&1 || true
fi
rm -rf "$DIR"; mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown pgtest "$DIR"
"${RUNAS[@]}" initdb -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUNAS[@]}" pg_ctl -D "$DIR" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=$FSYNC" -l "$DIR/log" -w start >/dev/null
echo "postgres://postgres@127.0.0.1:$PORT/postgres"

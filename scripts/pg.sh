#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for `make test` and `make bench`, never the system's own:
#
#   scripts/pg.sh start DIR   initdb in DIR (created), start it on a free port on
#                             127.0.0.1 only, print its admin URL
#                             (postgres://reses@127.0.0.1:PORT/postgres) on stdout
#   scripts/pg.sh stop DIR    stop it (fast) and delete DIR; harmless if not running
#
# Runs the server as the `postgres` system user when called as root (initdb refuses
# root). Trust authentication on a loopback-only socket: a test cluster, never data;
# only the role `reses_pw` (password `rahasia-uji`) must give its password.
set -euo pipefail

cmd=${1:?usage: scripts/pg.sh start|stop DIR}
dir=${2:?usage: scripts/pg.sh start|stop DIR}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z "$bin" || ! -x "$bin/initdb" ]]; then
  echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
fi

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U reses --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    # Room for the test suite's parallel servers. Tests run without fsync (the cluster is
    # thrown away); PG_DURABLE=1 (the benchmarks) keeps PostgreSQL's durable defaults.
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 400
shared_buffers = 128MB
CONF
    if [[ "${PG_DURABLE:-0}" != 1 ]]; then
      printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >>"$dir/data/postgresql.conf"
    fi
    # One role signs in with a password, so a wrong password can be tested for real.
    cat >"$dir/data/pg_hba.conf" <<HBA
local all all trust
host all reses_pw 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
HBA
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    "$bin/psql" -q -h 127.0.0.1 -p "$port" -U reses -d postgres \
      -c "create role reses_pw login password 'rahasia-uji'" >/dev/null
    echo "postgres://reses@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/pg.sh start|stop DIR" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# A PostgreSQL primary and a streaming replica of it on this machine, for the replica tests and
# the read-throughput benchmark: PostgreSQL's own replication (pg_basebackup -R), nothing of ours.
#
#   scripts/pg-replica.sh start [DIR]   # primary on 127.0.0.1:5433, replica on 127.0.0.1:5434
#   scripts/pg-replica.sh stop [DIR]
#
# Prints the two URLs to export on start:
#   JIANQUAN_TEST_PRIMARY_URL=postgres://postgres@127.0.0.1:5433/postgres
#   JIANQUAN_TEST_REPLICA_URL=postgres://postgres@127.0.0.1:5434/postgres
# The servers run as the `postgres` user when started by root (PostgreSQL refuses root).
set -euo pipefail

action="${1:-start}"
dir="${2:-/var/tmp/jianquan-pg-replica}"
primary_port="${JIANQUAN_PRIMARY_PORT:-5433}"
replica_port="${JIANQUAN_REPLICA_PORT:-5434}"
bin="$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  for node in replica primary; do
    if [ -f "$dir/$node/postmaster.pid" ]; then
      as_pg "$bin/pg_ctl" -D "$dir/$node" -m fast -w stop >/dev/null || true
    fi
  done
}

case "$action" in
  stop)
    stop
    exit 0
    ;;
  start) ;;
  *)
    echo "usage: $0 start|stop [DIR]" >&2
    exit 2
    ;;
esac

stop
rm -rf "$dir"
mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres: "$dir"

# The primary: trust on loopback (a test cluster), replication allowed, WAL kept for the replica.
as_pg "$bin/initdb" -D "$dir/primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
cat >>"$dir/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $primary_port
unix_socket_directories = '$dir'
wal_level = replica
max_wal_senders = 4
wal_keep_size = '256MB'
shared_buffers = '256MB'
fsync = off
EOF
as_pg "$bin/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w start >/dev/null

# The replica: a base backup of the primary that keeps streaming from it (-R writes
# primary_conninfo and standby.signal); it answers reads (hot standby) and refuses writes.
as_pg "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/replica" -R -X stream >/dev/null
cat >>"$dir/replica/postgresql.conf" <<EOF
port = $replica_port
hot_standby = on
EOF
as_pg "$bin/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -w start >/dev/null

for _ in $(seq 1 30); do
  state="$(psql -h 127.0.0.1 -p "$replica_port" -U postgres -Atc "SELECT pg_is_in_recovery()" postgres 2>/dev/null || true)"
  [ "$state" = t ] && break
  sleep 1
done
[ "$state" = t ] || { echo "the replica did not come up as a standby" >&2; exit 1; }
streaming="$(psql -h 127.0.0.1 -p "$primary_port" -U postgres -Atc "SELECT count(*) FROM pg_stat_replication" postgres)"
echo "primary 127.0.0.1:$primary_port, replica 127.0.0.1:$replica_port (streaming connections: $streaming)" >&2
echo "JIANQUAN_TEST_PRIMARY_URL=postgres://postgres@127.0.0.1:$primary_port/postgres"
echo "JIANQUAN_TEST_REPLICA_URL=postgres://postgres@127.0.0.1:$replica_port/postgres"

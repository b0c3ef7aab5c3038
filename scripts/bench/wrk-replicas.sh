#!/usr/bin/env bash
# Read throughput with one database server and with a primary plus a streaming replica: the same
# page under wrk (32 connections, 20 s, twice, after a 5 s warm-up) against a server on the
# primary alone, then against one with JIANQUAN_DATABASE_REPLICAS naming the replica. Prints
# requests/s and p99, and the CPU each process spent per request: the application server, the
# primary's PostgreSQL, the replica's PostgreSQL.
#   scripts/pg-replica.sh start                    # primary :5433, replica :5434
#   J=…/release/jianquan; $J --database postgres://postgres@127.0.0.1:5433/bench generate --cadres 1000000
#   JIANQUAN_BIN=$J scripts/bench/wrk-replicas.sh bench '/api/v1/cadres?org={city}&q=张'
set -euo pipefail
NAME=${1:?database name on the pair}
URLPATH=${2:?a path such as /api/v1/cadres?org=CITY}
J=${JIANQUAN_BIN:-./target/release/jianquan}
PAIR=${PAIR_DIR:-/var/tmp/jianquan-pg-replica}
PRIMARY=postgres://postgres@127.0.0.1:${JIANQUAN_PRIMARY_PORT:-5433}/$NAME
REPLICA=postgres://postgres@127.0.0.1:${JIANQUAN_REPLICA_PORT:-5434}/$NAME
ADDR=127.0.0.1:8093
WORK=$(mktemp -d)
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
HZ=$(getconf CLK_TCK)

. "$(dirname "$0")/server.sh"
CITY=$(psql "$PRIMARY" -Atc "SELECT o.id FROM orgs o WHERE o.parent_id = (SELECT id FROM orgs WHERE parent_id IS NULL \
  ORDER BY number LIMIT 1) ORDER BY (SELECT SUM(k.cadre_count) FROM orgs k WHERE k.path LIKE o.path || '%') DESC LIMIT 1")
URL="http://$ADDR$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1].replace("{city}", sys.argv[2]), safe="/?=&"))' "$URLPATH" "$CITY")"

# CPU ticks of one process, and of a PostgreSQL cluster (its postmaster and every child).
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
cluster_ticks() {
  local main total=0
  main=$(head -1 "$PAIR/$1/postmaster.pid")
  for pid in $main $(pgrep -P "$main"); do total=$((total + $(ticks "$pid"))); done
  echo $total
}
per_request() { python3 -c "print(f'{($2-$1)/$HZ*1000/$3:.2f}')" "$1" "$2" "$3"; }

measure() {
  local label=$1
  start_server "$PRIMARY" "$ADDR" "$WORK"
  local token=$T
  echo "== $label: $URL ($(curl -s -o /dev/null -w '%{http_code}, %{size_download} bytes' -H "Authorization: Bearer $token" "$URL"))"
  wrk -t2 -c"${CONNS:-32}" -d5s -H "Authorization: Bearer $token" "$URL" >/dev/null
  reset_peak
  for run in 1 2; do
    local app0 pri0 rep0 app1 pri1 rep1 out requests
    app0=$(ticks $SERVER); pri0=$(cluster_ticks primary); rep0=$(cluster_ticks replica)
    out=$(wrk -t2 -c"${CONNS:-32}" -d20s --latency -H "Authorization: Bearer $token" "$URL")
    app1=$(ticks $SERVER); pri1=$(cluster_ticks primary); rep1=$(cluster_ticks replica)
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "run $run: $(echo "$out" | awk '/Requests\/sec/ {print $2}') requests/s, p99 $(echo "$out" | awk '/ 99%/ {print $2}'), \
non-2xx $(echo "$out" | awk '/Non-2xx/ {print $5}' | grep . || echo 0); CPU ms/request: server $(per_request "$app0" "$app1" "$requests"), \
primary $(per_request "$pri0" "$pri1" "$requests"), replica $(per_request "$rep0" "$rep1" "$requests")"
  done
  runs_peak
  kill $SERVER
  wait $SERVER 2>/dev/null || true
  SERVER=
}

measure "one server (the primary)"
JIANQUAN_DATABASE_REPLICAS=$REPLICA measure "primary + one replica (reads that may lag on the replica)"

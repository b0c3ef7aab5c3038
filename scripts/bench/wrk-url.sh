#!/usr/bin/env bash
# One URL under concurrent load over HTTP: wrk with 32 connections (CONNS) for 20 s, twice, after
# a 5 s warm-up, against a server on the given database; prints wrk's latency table, the
# server's CPU time per request (from /proc) and its peak resident memory.
#   [CONNS=32] scripts/bench/wrk-url.sh sqlite:///var/tmp/jqbench/province.db '/cadres?org=<id>&q=张'
# The path may name the largest city as {city} (the root's child with most cadres, e.g.
# '/cadres?org={city}&q=张'); it is looked up in the database.
set -euo pipefail
DB=${1:?database URL}
URLPATH=${2:?a path such as /cadres?org=CITY}
J=${JIANQUAN_BIN:-./target/release/jianquan}
ADDR=127.0.0.1:8092
WORK=$(mktemp -d)
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT

. "$(dirname "$0")/server.sh"
start_server "$DB" "$ADDR" "$WORK"
if [[ "$URLPATH" == *"{city}"* ]]; then
  CITY_SQL="SELECT o.id FROM orgs o WHERE o.parent_id = (SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY number LIMIT 1) \
    ORDER BY (SELECT SUM(k.cadre_count) FROM orgs k WHERE k.path LIKE o.path || '%') DESC LIMIT 1"
  case "$DB" in
    sqlite://*) CITY=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "${DB#sqlite://}" "$CITY_SQL") ;;
    postgres*) CITY=$(psql "$DB" -Atc "$CITY_SQL") ;;
  esac
  placeholder='{city}'
  URLPATH=${URLPATH//"$placeholder"/$CITY}
fi
URL="http://$ADDR$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="/?=&"))' "$URLPATH")"
echo "$URL; server pid $SERVER; $(curl -s -o /dev/null -w '%{http_code}, %{size_download} bytes' -H "Authorization: Bearer $T" "$URL")"
wrk -t2 -c"${CONNS:-32}" -d5s -H "Authorization: Bearer $T" "$URL" >/dev/null
reset_peak
ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
HZ=$(getconf CLK_TCK)
for run in 1 2; do
  before=$(ticks)
  out=$(wrk -t2 -c"${CONNS:-32}" -d20s --latency -H "Authorization: Bearer $T" "$URL")
  after=$(ticks)
  echo "$out" | sed -n '/Latency Distribution/,/Requests\/sec/p'
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "run $run: $requests requests, non-2xx ${errors:-0}, server CPU $(python3 -c "print(f'{($after-$before)/$HZ*1000/$requests:.2f}')") ms/request"
done
runs_peak

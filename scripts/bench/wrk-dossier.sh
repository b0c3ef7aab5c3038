#!/usr/bin/env bash
# Concurrent dossier opens over HTTP (each open writes its view entry to the ledger): wrk with 32
# connections for 20 s, twice, against a server on the given database; prints wrk's latency
# table, the server's CPU time per request (from /proc) and its peak resident memory.
#   [CONNS=32] scripts/bench/wrk-dossier.sh sqlite:///var/tmp/jqbench/province.db [path-prefix]
# The path prefix is /cadres/ (the HTML dossier) by default; /api/v1/cadres/ for the JSON one.
set -euo pipefail
DB=${1:?database URL}
PREFIX=${2:-/cadres/}
J=${JIANQUAN_BIN:-./target/release/jianquan}
ADDR=127.0.0.1:8091
WORK=$(mktemp -d)
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT

. "$(dirname "$0")/server.sh"
start_server "$DB" "$ADDR" "$WORK"
# 5,000 cadres spread over the roster.
case "$DB" in
  sqlite://*) python3 - "${DB#sqlite://}" > "$WORK/ids" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (i,) in db.execute("SELECT id FROM cadres WHERE rowid % (SELECT MAX(rowid) / 5000 + 1 FROM cadres) = 0 LIMIT 5000"):
    print(i)
PY
  ;;
  postgres*) psql "$DB" -Atc "SELECT id FROM cadres TABLESAMPLE SYSTEM (1) LIMIT 5000" > "$WORK/ids" ;;
esac
echo "$(wc -l < "$WORK/ids") cadres; server pid $SERVER"
# Warm up for 10 s (not counted): the server's start-up work (the hourly scan of stale training
# totals, the first ledger checkpoint of what was written since the last) runs meanwhile.
IDS="$WORK/ids" PREFIX="$PREFIX" wrk -t2 -c"${CONNS:-32}" -d10s -s "$(dirname "$0")/dossier.lua" \
    -H "Authorization: Bearer $T" "http://$ADDR" >/dev/null
reset_peak
ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
HZ=$(getconf CLK_TCK)
for run in 1 2; do
  before=$(ticks)
  out=$(IDS="$WORK/ids" PREFIX="$PREFIX" wrk -t2 -c"${CONNS:-32}" -d20s --latency -s "$(dirname "$0")/dossier.lua" \
        -H "Authorization: Bearer $T" "http://$ADDR")
  after=$(ticks)
  echo "$out" | sed -n '/Latency Distribution/,/Requests\/sec/p'
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  errors=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  echo "run $run: $requests requests, non-2xx ${errors:-0}, server CPU $(python3 -c "print(f'{($after-$before)/$HZ*1000/$requests:.2f}')") ms/request"
done
runs_peak

# Sourced by the wrk scripts: the server under test and its peak memory.
#   start_server DB ADDR WORK   # serves DB at ADDR (ledger under WORK) as a bench account: sets SERVER and T
#   reset_peak                  # prints the peak so far (start-up and warm-up), then resets it
#   runs_peak                   # prints the peak since the reset: the workload's own

start_server() {
  local db=$1 addr=$2 work=$3
  "$J" --database "$db" user add --username wrkbench --role org_staff --org 1 --password wrk-bench-password >/dev/null 2>&1 || true
  JIANQUAN_LEDGER_DIR="$work/ledger" RUST_LOG=warn "$J" --database "$db" serve --addr "$addr" &
  SERVER=$!
  for _ in $(seq 1 120); do curl -sf "http://$addr/health" >/dev/null && break; sleep 1; done
  T=$(curl -s -X POST -H 'content-type: application/json' -d '{"username":"wrkbench","password":"wrk-bench-password"}' \
        "http://$addr/api/v1/session" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
}

# Linux: writing 5 to clear_refs resets VmHWM, so the peak after the runs is theirs alone.
reset_peak() {
  echo "start-up and warm-up: $(grep VmHWM "/proc/$SERVER/status")"
  echo 5 > "/proc/$SERVER/clear_refs"
}

runs_peak() {
  echo "the runs' peak: $(grep VmHWM "/proc/$SERVER/status")"
}

#!/usr/bin/env bash
# Every HTTP figure of docs/performance.md's province sections, from an empty directory: builds the
# release binary (unless JIANQUAN_BIN is given), generates the 1,000,000-cadre roster, then runs
# each benchmark twice and prints one table (requests/s, p99, server CPU per request, peak RSS).
#   scripts/bench/all.sh /var/tmp/jqbench-all
# About 25 minutes on 2 cores (the roster's generation is 6 of them). Needs wrk and python3.
set -euo pipefail
DIR=${1:?an empty or earlier benchmark directory}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
if [ -z "${JIANQUAN_BIN:-}" ]; then
  (cd "$HERE/../.." && cargo build --release -p jianquan)
  JIANQUAN_BIN="${CARGO_TARGET_DIR:-$HERE/../../target}/release/jianquan"
fi
export JIANQUAN_BIN
J=$JIANQUAN_BIN
DB="sqlite://$DIR/province.db"
OUT="$DIR/results"
mkdir -p "$OUT"

if [ ! -f "$DIR/province.db" ]; then
  /usr/bin/time -f "generate: %e s, peak RSS %M KB" "$J" --database "$DB" generate --cadres 1000000 \
    > "$OUT/generate.txt" 2>&1
fi
"$J" --database "$DB" refresh-training > "$OUT/refresh.txt" 2>&1
"$J" --database "$DB" bench --iterations 300 --part registry > "$OUT/bench.txt" 2>&1

"$HERE/wrk-dossier.sh" "$DB" > "$OUT/dossier.txt" 2>&1
"$HERE/wrk-url.sh" "$DB" '/cadres?org={city}' > "$OUT/roster.txt" 2>&1
"$HERE/wrk-url.sh" "$DB" '/api/v1/cadres?org={city}' > "$OUT/list.txt" 2>&1
"$HERE/wrk-url.sh" "$DB" '/cadres?org={city}&q=张' > "$OUT/search.txt" 2>&1
/usr/bin/time -f "%e s, peak RSS %M KB" "$J" --database "$DB" ledger verify > "$OUT/verify.txt" 2>&1

python3 - "$OUT" <<'PY'
import pathlib, re, sys
out = pathlib.Path(sys.argv[1])
print("| what (1,000,000 cadres, 32 connections) | requests/s | p99 ms | server CPU ms/request | peak RSS |")
print("|---|---|---|---|---|")
for name, label in [("dossier", "HTML dossier (each open records its view)"), ("roster", "HTML roster of the largest city"),
                    ("list", "JSON list of the same"), ("search", "name contains 张 within the city")]:
    text = (out / f"{name}.txt").read_text()
    rps = re.findall(r"Requests/sec:\s+([\d.]+)", text)
    p99 = re.findall(r"99%\s+([\d.]+)(ms|s)", text)
    cpu = re.findall(r"server CPU ([\d.]+) ms/request", text)
    rss = re.findall(r"VmHWM:\s+(\d+) kB", text)
    p99ms = [float(v) * (1000 if unit == "s" else 1) for v, unit in p99]
    print(f"| {label} | {' · '.join(f'{float(r):,.0f}' for r in rps)} | {' · '.join(f'{v:.1f}' for v in p99ms)} "
          f"| {' · '.join(cpu)} | {int(rss[-1]) // 1024 if rss else '?'} MB |")
verify = (out / "verify.txt").read_text()
entries = re.search(r"(\d+) entries verified", verify)
seconds = re.search(r"([\d.]+) s, peak RSS (\d+) KB", verify)
if entries and seconds:
    n, s = int(entries.group(1)), float(seconds.group(1))
    print(f"\nledger verify: {n:,} entries in {s:.1f} s ({n / s:,.0f} entries/s), peak RSS {int(seconds.group(2)) // 1024} MB")
print("\nin process (jianquan bench, reads only):")
print("\n".join(line for line in (out / "bench.txt").read_text().splitlines() if line.startswith("|")))
PY

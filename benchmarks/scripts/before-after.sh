#!/usr/bin/env bash
# Forward+BPTT of two builds of the kernels, alternated process by process in one run, at the three
# benchmark sizes (headline, mid, overhead-bound): the check that a change to the kernels kept their
# speed. On a quiet machine:
#
#   benchmarks/scripts/before-after.sh BEFORE_JAR [AFTER_JAR]
#
# BEFORE_JAR / AFTER_JAR: shaded benchmarks.jar files of the two commits (AFTER_JAR defaults to this
# tree's benchmarks/target/benchmarks.jar). Environment: ROUNDS (default 5; the order of the two builds
# alternates from round to round), REPS (timed calls per process, default 5), THREADS (default 2),
# PRECISIONS (default "float64 float32"), OPS (PeerTiming ops, default fwdbwd; e.g. "gram gram-all", which
# are float64 only), SIZES (n,T,d,m triples, default the three benchmark sizes), OUT (JSONL, default
# benchmarks/target/before-after.jsonl).
# Prints a Markdown table: each side's median over all timed calls, the after/before ratio of the
# medians and the range of the per-round ratios (bit-identity is the tests' job, not this script's).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 BEFORE_JAR [AFTER_JAR]" >&2; exit 2
fi
BEFORE="$1"
AFTER="${2:-$root/benchmarks/target/benchmarks.jar}"
for jar in "$BEFORE" "$AFTER"; do
    if [ ! -f "$jar" ]; then echo "jar '$jar': no such file (expected a shaded benchmarks.jar)" >&2; exit 2; fi
done
ROUNDS="${ROUNDS:-5}"
REPS="${REPS:-5}"
THREADS="${THREADS:-2}"
PRECISIONS="${PRECISIONS:-float64 float32}"
OUT="${OUT:-$root/benchmarks/target/before-after.jsonl}"
SIZES="${SIZES:-256,64,32,1024 64,64,32,256 1,1000,16,256}"
OPS="${OPS:-fwdbwd}"
mkdir -p "$(dirname "$OUT")"
: > "$OUT"

time_one() { # $1 = side, $2 = jar, $3 = size, $4 = precision, $5 = round, $6 = op
    local precision=(--precision "$4")
    [ "$6" = fwdbwd ] || [ "$6" = forward ] || precision=()
    env -u OPENBLAS_CORETYPE OMP_NUM_THREADS=1 java -Xmx12g --add-modules=jdk.incubator.vector -cp "$2" \
        org.rnntk.benchmarks.jmh.PeerTiming time --op "$6" --size "$3" "${precision[@]}" --threads "$THREADS" \
        --reps "$REPS" 2>/dev/null | sed "s/^{/{\"side\": \"$1\", \"round\": $5, /" >> "$OUT"
}

printf '{"mode": "meta", "cpu": "%s", "family": "%s", "model": "%s", "before": "%s", "after": "%s", "load_before": "%s", "date": "%s"}\n' \
    "$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)" "$(lscpu | sed -n 's/^CPU family:[[:space:]]*//p' | head -1)" \
    "$(lscpu | sed -n 's/^Model:[[:space:]]*//p' | head -1)" "$BEFORE" "$AFTER" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(date -u +%FT%TZ)" >> "$OUT"
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round/$ROUNDS" >&2
    for op in $OPS; do
        precisions="$PRECISIONS"
        [ "$op" = fwdbwd ] || [ "$op" = forward ] || precisions=float64
        for size in $SIZES; do
            for precision in $precisions; do
                if [ $((round % 2)) = 1 ]; then
                    time_one before "$BEFORE" "$size" "$precision" "$round" "$op"
                    time_one after "$AFTER" "$size" "$precision" "$round" "$op"
                else
                    time_one after "$AFTER" "$size" "$precision" "$round" "$op"
                    time_one before "$BEFORE" "$size" "$precision" "$round" "$op"
                fi
            done
        done
    done
done
printf '{"mode": "meta-end", "load_after": "%s", "date": "%s"}\n' "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(date -u +%FT%TZ)" >> "$OUT"

python3 - "$OUT" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
meta = rows[0]; end = rows[-1]
timed = [r for r in rows if "side" in r]
print(f"Machine: {meta['cpu']} family {meta['family']} model {meta['model']}; load {meta['load_before']} before, "
      f"{end['load_after']} after; {meta['date']} to {end['date']}")
print()
print("| op | size | precision | before (median) | after (median) | after / before | per-round ratios |")
print("|---|---|---|---:|---:|---:|---|")
names = {"256,64,32,1024": "headline", "64,64,32,256": "mid", "1,1000,16,256": "overhead-bound"}
keys = []
for r in timed:
    k = (r["op"], r["size"], r.get("dtype", "float64"))
    if k not in keys:
        keys.append(k)
for op, size, dtype in keys:
    side = lambda s: [r for r in timed if r["op"] == op and r["size"] == size and r.get("dtype", "float64") == dtype
                      and r["side"] == s]
    b, a = side("before"), side("after")
    mb = statistics.median(t for r in b for t in r["times_s"])
    ma = statistics.median(t for r in a for t in r["times_s"])
    per = sorted(statistics.median(ra["times_s"]) / statistics.median(rb["times_s"])
                 for rb in b for ra in a if ra["round"] == rb["round"])
    print(f"| {op} | {names.get(size, size)} | {dtype} | {mb * 1e3:.3f} ms | {ma * 1e3:.3f} ms | {ma / mb:.3f} | "
          f"{per[0]:.3f} – {per[-1]:.3f} |")
EOF

#!/usr/bin/env bash
# Side-by-side timing of rnntk against the PyTorch CPU peer, alternated process by process, on this
# machine; writes docs/benchmarks.md. One command, from anywhere:
#
#   benchmarks/scripts/compare.sh                 # full run (~15 min on 2 cores)
#   ROUNDS=1 PGD_ITERATIONS=100 benchmarks/scripts/compare.sh    # quick look
#
# Environment: THREADS (default 2, both sides), ROUNDS (alternation rounds, default 3), REPS (timed
# calls per process, default 5), PGD_ITERATIONS (leak check, default 1000), RESULTS (JSONL output,
# default benchmarks/target/compare-results.jsonl), OUT (default docs/benchmarks.md), DETAILS (the
# per-phase profile, sweeps, Gram scaling and memory of the run; default benchmarks/target/benchmarks-details.md),
# ARCHIVE (optional: an earlier run's JSONL whose before/after rows the report carries over, labelled; none by
# default — keep the JSONL of a run you want to compare against later, it is not committed), GRAM_BEFORE_CP + GRAM_BEFORE_COMMIT (optional: a class directory with an
# older org/rnntk/kernels/ntk, put first on the class path to time the Gram before/after, and its commit),
# KERNELS_BEFORE_JAR + KERNELS_BEFORE_COMMIT (optional: the shaded jar of an older commit, whose forward+BPTT
# is alternated with this one's in every round, for a before/after measured in the same run), with
# KERNELS_BEFORE_SETTINGS = same (default: the process settings of this commit's rows, OpenBLAS's own
# kernel choice and the Vector API module) or environment (the environment's OPENBLAS_CORETYPE and no
# module, as commits before the Vector API rows were measured) and KERNELS_BEFORE_NOTE (optional: what
# those kernels are, quoted in the report).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
THREADS="${THREADS:-2}"
ROUNDS="${ROUNDS:-3}"
REPS="${REPS:-5}"
PGD_ITERATIONS="${PGD_ITERATIONS:-1000}"
RESULTS="${RESULTS:-$root/benchmarks/target/compare-results.jsonl}"
OUT="${OUT:-$root/docs/benchmarks.md}"
DETAILS="${DETAILS:-$root/benchmarks/target/benchmarks-details.md}"
ARCHIVE="${ARCHIVE:-}"
if [ -n "$ARCHIVE" ] && [ ! -f "$ARCHIVE" ]; then
    echo "ARCHIVE='$ARCHIVE': no such file (expected the JSONL of an earlier compare.sh run)" >&2; exit 2
fi
PY=/usr/bin/python3
JAR="$root/benchmarks/target/benchmarks.jar"

# --- prerequisites ---------------------------------------------------------------------------
if ! "$PY" -c 'import torch' 2>/dev/null; then
    echo "installing python3-torch (Debian package) ..." >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y python3-torch >&2; else sudo apt-get install -y python3-torch >&2; fi
fi
if [ ! -f "$JAR" ] || [ -n "${REBUILD:-}" ]; then
    (cd "$root" && mvn -B -q -pl benchmarks -am package -DskipTests)
fi
mkdir -p "$(dirname "$RESULTS")"
: > "$RESULTS"

# The library's recommended process settings (docs/design/openblas.md, threads.md, tile-access.md):
# ND4J/OpenBLAS native threads off, rnntk's own Java threads for the elementwise phases, OpenBLAS left to
# pick its kernels for the CPU (OPENBLAS_CORETYPE unset), and JDK 17's incubating Vector API resolved.
VECTOR_API="--add-modules=jdk.incubator.vector"
java_run() { env -u OPENBLAS_CORETYPE OMP_NUM_THREADS="${JAVA_OMP:-1}" java -Xmx12g $VECTOR_API -cp "$JAR" org.rnntk.benchmarks.jmh.PeerTiming "$@" 2>/dev/null; }
# The same jar without the module: the kernels' auto-vectorized fallback (same bits).
java_run_novector() { env -u OPENBLAS_CORETYPE OMP_NUM_THREADS="${JAVA_OMP:-1}" java -Xmx12g -cp "$JAR" org.rnntk.benchmarks.jmh.PeerTiming "$@" 2>/dev/null; }
# The same under this environment's OPENBLAS_CORETYPE, when it sets one (this machine image sets
# "Haswell"; OpenBLAS 0.3.19 left to itself picks 2007-era kernels on its CPU).
ENV_CORETYPE="${OPENBLAS_CORETYPE:-}"
java_run_envblas() { OMP_NUM_THREADS="${JAVA_OMP:-1}" java -Xmx12g $VECTOR_API -cp "$JAR" org.rnntk.benchmarks.jmh.PeerTiming "$@" 2>/dev/null; }
# The tuned peer: glibc keeps freed memory instead of returning it (page faults cost ~12 us per 4 KiB
# page on this VM kind).
torch_run() {
    MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=1073741824 \
        OMP_NUM_THREADS="$THREADS" "$PY" "$here/peer_torch.py" --threads "$THREADS" "$@"
}
# PyTorch on one thread: not the same-threads comparison, but what a user on a busy 2-core machine
# might pick (its OpenMP barriers suffer most when the cores are oversubscribed).
torch_run1() {
    MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=1073741824 \
        OMP_NUM_THREADS=1 "$PY" "$here/peer_torch.py" --threads 1 "$@" | sed 's/"impl": "torch-eager"/"impl": "torch-eager-1thread"/'
}
torch_untuned() { OMP_NUM_THREADS="$THREADS" "$PY" "$here/peer_torch.py" --threads "$THREADS" "$@"; }
record() { tee -a "$RESULTS" >&2; }

meta() {
    local cpu cpu_kind jdk torchv
    cpu="$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
    # The model name alone does not tell CPU generations apart on cloud machines ("AMD EPYC").
    cpu_kind="family $(lscpu | sed -n 's/^CPU family:[[:space:]]*//p' | head -1), model $(lscpu | sed -n 's/^Model:[[:space:]]*//p' | head -1), $(awk -F': ' '/^cpu MHz/{printf "%.0f MHz", $2; exit}' /proc/cpuinfo), L2 $(lscpu | sed -n 's/^L2 cache:[[:space:]]*//p' | head -1)"
    jdk="$(java -version 2>&1 | head -1)"
    torchv="$("$PY" -c 'import torch; print(torch.__version__)')"
    printf '{"mode": "meta", "cpu": "%s", "cpu_kind": "%s", "cores": %s, "mem_gib": %s, "jdk": "%s", "torch": "%s", "threads": %s, "env_openblas_coretype": "%s", "date": "%s", "git": "%s", "load_before": "%s"}\n' \
        "$cpu" "$cpu_kind" "$(nproc)" "$(free -g | awk '/Mem:/{print $2}')" "${jdk//\"/}" "$torchv" "$THREADS" "$ENV_CORETYPE" \
        "$(date -u +%FT%TZ)" "$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
}

meta | record
KERNELS_BEFORE_SETTINGS="${KERNELS_BEFORE_SETTINGS:-same}"
case "$KERNELS_BEFORE_SETTINGS" in
    same | environment) ;;
    *) echo "KERNELS_BEFORE_SETTINGS='$KERNELS_BEFORE_SETTINGS': expected same or environment" >&2; exit 2 ;;
esac
if [ -n "${KERNELS_BEFORE_JAR:-}" ]; then
    "$PY" -c 'import json, sys; print(json.dumps({"mode": "kernels-before", "commit": sys.argv[1],
        "settings": sys.argv[2], "note": sys.argv[3]}))' "${KERNELS_BEFORE_COMMIT:-unknown}" \
        "$KERNELS_BEFORE_SETTINGS" "${KERNELS_BEFORE_NOTE:-}" | record
fi
java_run limits --threads "$THREADS" | record
JAVA_OMP=2 java_run limits --threads "$THREADS" | sed 's/"mode": "limits"/"mode": "limits-omp2"/' | record
# The limit uses the best DGEMM rate measured on this machine, so the DGEMM is measured under the
# environment's OPENBLAS_CORETYPE too, when it sets one.
envblas_limits() { # $1 = mode suffix
    java_run_envblas limits --threads "$THREADS" | sed "s/\"mode\": \"limits\"/\"mode\": \"envblas-limits$1\"/" | record
    JAVA_OMP=2 java_run_envblas limits --threads "$THREADS" | sed "s/\"mode\": \"limits\"/\"mode\": \"envblas-limits-omp2$1\"/" | record
}
if [ -n "$ENV_CORETYPE" ]; then envblas_limits ""; fi

HEADLINE=256,64,32,1024
MID=64,64,32,256
OVERHEAD=1,1000,16,256

# --- the comparison, alternated --------------------------------------------------------------
for round in $(seq 1 "$ROUNDS"); do
    echo "== round $round/$ROUNDS" >&2
    for size in "$HEADLINE" "$MID" "$OVERHEAD"; do
        for dtype in float64 float32; do
            java_run time --op fwdbwd --size "$size" --precision "$dtype" --threads "$THREADS" --reps "$REPS" | record
            if [ "$dtype" = float64 ]; then  # float32 has no Vector API path yet
                java_run_novector time --op fwdbwd --size "$size" --precision "$dtype" --threads "$THREADS" \
                    --reps "$REPS" | sed 's/"impl": "rnntk"/"impl": "rnntk-novector"/' | record
            fi
            if [ "$size" = "$HEADLINE" ] && [ "$dtype" = float64 ]; then
                # The limit's two rates again, right after this round's headline timing: the host's
                # speed drifts from round to round, and the report gives each round's ratio against
                # the limit measured next to it.
                java_run limits --threads "$THREADS" \
                    | sed "s/\"mode\": \"limits\"/\"mode\": \"round-limits\", \"round\": $round/" | record
                JAVA_OMP=2 java_run limits --threads "$THREADS" \
                    | sed "s/\"mode\": \"limits\"/\"mode\": \"round-limits-omp2\", \"round\": $round/" | record
                if [ -n "$ENV_CORETYPE" ]; then
                    java_run_envblas time --op fwdbwd --size "$size" --precision "$dtype" --threads "$THREADS" \
                        --reps "$REPS" | sed 's/"impl": "rnntk"/"impl": "rnntk-envblas"/' | record
                    JAVA_OMP=2 java_run_envblas limits --threads "$THREADS" \
                        | sed "s/\"mode\": \"limits\"/\"mode\": \"round-envblas-limits-omp2\", \"round\": $round/" | record
                fi
            fi
            if [ -n "${KERNELS_BEFORE_JAR:-}" ] && [ "$dtype" = float64 ]; then
                if [ "$KERNELS_BEFORE_SETTINGS" = same ]; then
                    before_run=(env -u OPENBLAS_CORETYPE OMP_NUM_THREADS=1 java -Xmx12g $VECTOR_API)
                else
                    before_run=(env OMP_NUM_THREADS=1 java -Xmx12g)
                fi
                "${before_run[@]}" -cp "$KERNELS_BEFORE_JAR" org.rnntk.benchmarks.jmh.PeerTiming time --op fwdbwd \
                    --size "$size" --precision "$dtype" --threads "$THREADS" --reps "$REPS" 2>/dev/null \
                    | sed 's/"impl": "rnntk"/"impl": "rnntk-kernels-before"/' | record
            fi
            torch_run --op fwdbwd --size "$size" --dtype "$dtype" --reps "$REPS" | record
            torch_run --op fwdbwd --size "$size" --dtype "$dtype" --reps "$REPS" --variant script | record
            torch_run1 --op fwdbwd --size "$size" --dtype "$dtype" --reps "$REPS" | record
        done
        java_run time --op forward --size "$size" --threads "$THREADS" --reps "$REPS" | record
        torch_run --op forward --size "$size" --reps "$REPS" | record
        java_run time --op pgd --size "$size" --threads "$THREADS" --reps "$REPS" | record
        torch_run --op pgd --size "$size" --reps "$REPS" | record
    done
    java_run profile --size "$HEADLINE" --threads "$THREADS" | record
    JAVA_OMP=2 java_run profile --size "$HEADLINE" --threads "$THREADS" | sed 's/"mode": "profile"/"mode": "profile-omp2"/' | record
    java_run profile --size "$HEADLINE" --threads 1 | sed 's/"mode": "profile"/"mode": "profile-1thread"/' | record
done
torch_untuned --op fwdbwd --size "$HEADLINE" --reps 3 | sed 's/"impl": "torch-eager"/"impl": "torch-eager-untuned"/' | record

# --- kernel choices --------------------------------------------------------------------------
java_run recurrence --size "$HEADLINE" --threads "$THREADS" | record
java_run recurrence --size "$OVERHEAD" --threads "$THREADS" | record

# --- linearity: doubling sweeps (T, then n, then m) from 2.1 M up to 16.8 M cell-steps ----------
for size in 64,64,32,512 64,128,32,512 64,256,32,512 64,512,32,512 \
            128,64,32,512 256,64,32,512 256,64,32,1024; do
    java_run time --op fwdbwd --size "$size" --threads "$THREADS" --reps "$REPS" | sed 's/"impl": "rnntk"/"impl": "rnntk-sweep"/' | record
done

# --- last-step NTK Gram at the headline size, alternated with both PyTorch versions --------------
if [ -n "${GRAM_BEFORE_CP:-}" ]; then
    printf '{"mode": "gram-before", "commit": "%s"}\n' "${GRAM_BEFORE_COMMIT:-unknown}" | record
fi
for round in $(seq 1 "$ROUNDS"); do
    echo "== gram round $round/$ROUNDS" >&2
    java_run time --op gram --size "$HEADLINE" --threads "$THREADS" --reps "$REPS" | record
    torch_run --op gram-autograd --size "$HEADLINE" --warmup 1 --reps 3 | record
    torch_run --op gram-vmap --size "$HEADLINE" --warmup 1 --reps 3 | record
    if [ -n "${GRAM_BEFORE_CP:-}" ]; then
        env -u OPENBLAS_CORETYPE OMP_NUM_THREADS=1 java -Xmx12g -cp "$GRAM_BEFORE_CP:$JAR" org.rnntk.benchmarks.jmh.PeerTiming time --op gram \
            --size "$HEADLINE" --threads "$THREADS" --reps "$REPS" 2>/dev/null \
            | sed 's/"impl": "rnntk"/"impl": "rnntk-before"/' | record
    fi
done

# --- the Gram's scaling in n: Jacobian vs contraction ----------------------------------------------
for n in 32 64 128 256 512; do
    java_run gram-profile --size "$n,64,32,1024" --threads "$THREADS" --reps "$REPS" | record
done

# --- memory ----------------------------------------------------------------------------------
java_run memory --size "$HEADLINE" --threads "$THREADS" --iterations "$PGD_ITERATIONS" | record

java_run limits --threads "$THREADS" | sed 's/"mode": "limits"/"mode": "limits-end"/' | record
JAVA_OMP=2 java_run limits --threads "$THREADS" | sed 's/"mode": "limits"/"mode": "limits-omp2-end"/' | record
if [ -n "$ENV_CORETYPE" ]; then envblas_limits "-end"; fi
printf '{"mode": "meta-end", "load_after": "%s", "date": "%s"}\n' "$(cut -d' ' -f1-3 /proc/loadavg)" "$(date -u +%FT%TZ)" | record

"$PY" "$here/report.py" "$RESULTS" "$OUT" ${ARCHIVE:+"$ARCHIVE"}
"$PY" "$here/report.py" --details "$RESULTS" "$DETAILS" ${ARCHIVE:+"$ARCHIVE"}
echo "wrote $OUT and $DETAILS (raw data: $RESULTS)" >&2

#!/usr/bin/env bash
# Side-by-side timing of rnntk against its peers (PyTorch CPU and JAX), alternated process by process, on
# this machine; writes docs/benchmarks.md. One command, from anywhere, on a quiet machine:
#
#   benchmarks/scripts/compare.sh                 # full run: every size, 3 rounds (about 1 h on 2 cores)
#   QUICK=1 benchmarks/scripts/compare.sh         # quick look: the mid size only, 1 round, 2 timed calls
#                                                 # (about 10 min; writes under benchmarks/target/ unless OUT is set)
#   TINY=1 QUICK=1 benchmarks/scripts/compare.sh  # smoke test of every path at tiny sizes (not a measurement)
#
# Missing prerequisites are installed: python3-torch and libtcmalloc-minimal4 (Debian packages), and jax +
# jaxlib from the package registry into a venv (JAX_VENV, default ~/.cache/rnntk/jax-venv; JAX_PIP_ARGS adds
# pip options, e.g. an --index-url). Before timing, both peers check their outputs, gradients and Grams
# against rnntk's on a small problem (`PeerTiming check`); a mismatch stops the run.
#
# Environment: THREADS (default 2, both sides), ROUNDS (alternation rounds, default 3), REPS (timed
# calls per process, default 5), PGD_ITERATIONS (leak check, default 1000), GRAM_ALL_HEADLINE (1 = also the
# all-steps Gram at the headline size, nT = 16 384, one round: ~10 min; default 1 in the full run, 0 in QUICK),
# RESULTS (JSONL output,
# default benchmarks/target/compare-results.jsonl), OUT (default docs/benchmarks.md; in QUICK or TINY mode
# benchmarks/target/benchmarks-quick.md), DETAILS (the
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
QUICK="${QUICK:-0}"
TINY="${TINY:-0}"
THREADS="${THREADS:-2}"
if [ "$QUICK" = 1 ] || [ "$TINY" = 1 ]; then
    ROUNDS="${ROUNDS:-1}"; REPS="${REPS:-2}"; PGD_ITERATIONS="${PGD_ITERATIONS:-50}"
    GRAM_ALL_HEADLINE="${GRAM_ALL_HEADLINE:-0}"
    OUT="${OUT:-$root/benchmarks/target/benchmarks-quick.md}"
fi
ROUNDS="${ROUNDS:-3}"
REPS="${REPS:-5}"
PGD_ITERATIONS="${PGD_ITERATIONS:-1000}"
GRAM_ALL_HEADLINE="${GRAM_ALL_HEADLINE:-1}"
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
apt_install() {
    if [ "$(id -u)" = 0 ]; then apt-get install -y "$@" >&2; else sudo apt-get install -y "$@" >&2; fi
}
TCMALLOC="$(ls /usr/lib/*/libtcmalloc_minimal.so.4 2>/dev/null | head -1 || true)"
if [ -z "$TCMALLOC" ]; then
    echo "installing libtcmalloc-minimal4 (Debian package) ..." >&2
    apt_install libtcmalloc-minimal4
    TCMALLOC="$(ls /usr/lib/*/libtcmalloc_minimal.so.4 | head -1)"
fi
JAX_VENV="${JAX_VENV:-$HOME/.cache/rnntk/jax-venv}"
JAX_PY="$JAX_VENV/bin/python"
if ! "$JAX_PY" -c 'import jax, jaxlib' 2>/dev/null; then
    echo "installing jax and jaxlib (package registry) into $JAX_VENV ..." >&2
    mkdir -p "$(dirname "$JAX_VENV")"
    "$PY" -m venv "$JAX_VENV"
    # shellcheck disable=SC2086
    "$JAX_VENV/bin/pip" install -q ${JAX_PIP_ARGS:-} jax jaxlib >&2
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
# The JAX peer: tcmalloc preloaded (XLA's buffers page-fault on every call under glibc malloc here; the
# glibc settings above do not cure it), pinned to THREADS cores by the script itself before jax loads.
jax_run() { LD_PRELOAD="$TCMALLOC" "$JAX_PY" "$here/peer_jax.py" --threads "$THREADS" "$@"; }
jax_glibc() { "$JAX_PY" "$here/peer_jax.py" --threads "$THREADS" "$@" | sed 's/"impl": "jax"/"impl": "jax-glibc"/'; }
# The dense network's rnntk side: OpenBLAS's own threads do its per-step GEMMs (docs/design/dense.md).
dense_run() { env -u OPENBLAS_CORETYPE OMP_NUM_THREADS="$THREADS" java -Xmx12g $VECTOR_API -cp "$JAR" org.rnntk.benchmarks.jmh.DenseTiming --json "$@" 2>/dev/null; }
torch_untuned() { OMP_NUM_THREADS="$THREADS" "$PY" "$here/peer_torch.py" --threads "$THREADS" "$@"; }
record() { tee -a "$RESULTS" >&2; }

meta() {
    local cpu cpu_kind jdk torchv jaxv
    cpu="$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
    # The model name alone does not tell CPU generations apart on cloud machines ("AMD EPYC").
    cpu_kind="family $(lscpu | sed -n 's/^CPU family:[[:space:]]*//p' | head -1), model $(lscpu | sed -n 's/^Model:[[:space:]]*//p' | head -1), $(awk -F': ' '/^cpu MHz/{printf "%.0f MHz", $2; exit}' /proc/cpuinfo), L2 $(lscpu | sed -n 's/^L2 cache:[[:space:]]*//p' | head -1)"
    jdk="$(java -version 2>&1 | head -1)"
    torchv="$("$PY" -c 'import torch; print(torch.__version__)')"
    jaxv="$("$JAX_PY" -c 'import jax, jaxlib; print(jax.__version__ + " (jaxlib " + jaxlib.__version__ + ")")')"
    printf '{"mode": "meta", "cpu": "%s", "cpu_kind": "%s", "cores": %s, "mem_gib": %s, "jdk": "%s", "torch": "%s", "jax": "%s", "run": "%s", "sizes": {"headline": "%s", "mid": "%s", "overhead": "%s"}, "threads": %s, "env_openblas_coretype": "%s", "date": "%s", "git": "%s", "load_before": "%s"}\n' \
        "$cpu" "$cpu_kind" "$(nproc)" "$(free -g | awk '/Mem:/{print $2}')" "${jdk//\"/}" "$torchv" "$jaxv" "$RUN_KIND" \
        "$HEADLINE" "$MID" "$OVERHEAD" "$THREADS" "$ENV_CORETYPE" \
        "$(date -u +%FT%TZ)" "$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
}

HEADLINE=256,64,32,1024
MID=64,64,32,256
OVERHEAD=1,1000,16,256
RUN_KIND=full
if [ "$TINY" = 1 ]; then
    # Every path at sizes of a few milliseconds: a smoke test of the scripts, not a measurement.
    HEADLINE=16,8,4,64; MID=8,8,4,32; OVERHEAD=1,20,4,32; RUN_KIND=tiny
elif [ "$QUICK" = 1 ]; then
    RUN_KIND=quick
fi
if [ "$QUICK" = 1 ] || [ "$TINY" = 1 ]; then MAIN_SIZES="$MID"; else MAIN_SIZES="$HEADLINE $MID $OVERHEAD"; fi
if [ "$QUICK" = 1 ] && [ "$TINY" != 1 ]; then GRAM_SIZES="$MID"; else GRAM_SIZES="$HEADLINE $MID"; fi
[ "$TINY" = 1 ] && MAIN_SIZES="$HEADLINE $MID $OVERHEAD"

meta | record

# --- the peers agree with rnntk (outputs, loss, gradients, Grams) on a small problem -------------------
CHECK="$(dirname "$RESULTS")/peer-check.json"
java_run check --threads "$THREADS" > "$CHECK"
jax_run --self-test "$CHECK" | record
"$PY" "$here/peer_torch.py" --self-test "$CHECK" | record
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

# --- the comparison, alternated --------------------------------------------------------------
for round in $(seq 1 "$ROUNDS"); do
    echo "== round $round/$ROUNDS" >&2
    for size in $MAIN_SIZES; do
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
            if [ "$size" != "$OVERHEAD" ] || [ "$TINY" = 1 ]; then  # T = 1000 sequential steps: XLA's per-step cost
                jax_run --op fwdbwd --size "$size" --dtype "$dtype" --reps "$REPS" | record
            fi
        done
        java_run time --op forward --size "$size" --threads "$THREADS" --reps "$REPS" | record
        torch_run --op forward --size "$size" --reps "$REPS" | record
        java_run time --op pgd --size "$size" --threads "$THREADS" --reps "$REPS" | record
        torch_run --op pgd --size "$size" --reps "$REPS" | record
    done
    if [ "$QUICK" != 1 ] || [ "$TINY" = 1 ]; then
        java_run profile --size "$HEADLINE" --threads "$THREADS" | record
        JAVA_OMP=2 java_run profile --size "$HEADLINE" --threads "$THREADS" | sed 's/"mode": "profile"/"mode": "profile-omp2"/' | record
        java_run profile --size "$HEADLINE" --threads 1 | sed 's/"mode": "profile"/"mode": "profile-1thread"/' | record
    fi
done
DETAIL_RUNS=1
[ "$QUICK" = 1 ] && [ "$TINY" != 1 ] && DETAIL_RUNS=0
if [ "$DETAIL_RUNS" = 1 ]; then
    torch_untuned --op fwdbwd --size "$HEADLINE" --reps 3 | sed 's/"impl": "torch-eager"/"impl": "torch-eager-untuned"/' | record
    # JAX without tcmalloc, once: what the allocator is worth (performance.md)
    jax_glibc --op fwdbwd --size "$MID" --reps "$REPS" --variants scan | record

    # --- kernel choices --------------------------------------------------------------------------
    java_run recurrence --size "$HEADLINE" --threads "$THREADS" | record
    java_run recurrence --size "$OVERHEAD" --threads "$THREADS" | record

    # --- linearity: doubling sweeps (T, then n, then m) from 2.1 M up to 16.8 M cell-steps ----------
    if [ "$TINY" = 1 ]; then SWEEP="8,8,4,32 8,16,4,32 16,8,4,32"; else
        SWEEP="64,64,32,512 64,128,32,512 64,256,32,512 64,512,32,512 128,64,32,512 256,64,32,512 256,64,32,1024"; fi
    for size in $SWEEP; do
        java_run time --op fwdbwd --size "$size" --threads "$THREADS" --reps "$REPS" | sed 's/"impl": "rnntk"/"impl": "rnntk-sweep"/' | record
    done
fi

# --- the dense network (z_t = W h_{t-1} + U x_t): forward+BPTT, its GEMM replay and both peers ----------
for round in $(seq 1 "$ROUNDS"); do
    echo "== dense round $round/$ROUNDS" >&2
    for size in $GRAM_SIZES; do
        for dtype in float64 float32; do
            dense_run --size "$size" --precision "$dtype" --rounds "$REPS" | record
            torch_run --model dense --op fwdbwd --size "$size" --dtype "$dtype" --reps "$REPS" | record
            torch_run --model dense --op fwdbwd --size "$size" --dtype "$dtype" --reps "$REPS" --variant script | record
            jax_run --model dense --op fwdbwd --size "$size" --dtype "$dtype" --warmup 1 --reps "$REPS" | record
        done
    done
done

# --- NTK Grams: last-step (n x n) and all-steps (nT x nT), alternated with PyTorch and JAX -------------
if [ -n "${GRAM_BEFORE_CP:-}" ]; then
    printf '{"mode": "gram-before", "commit": "%s"}\n' "${GRAM_BEFORE_COMMIT:-unknown}" | record
fi
for round in $(seq 1 "$ROUNDS"); do
    echo "== gram round $round/$ROUNDS" >&2
    for size in $GRAM_SIZES; do
        java_run time --op gram --size "$size" --threads "$THREADS" --reps "$REPS" | record
        torch_run --op gram-autograd --size "$size" --warmup 1 --reps 3 | record
        torch_run --op gram-vmap --size "$size" --warmup 1 --reps 3 | record
        jax_run --op gram --size "$size" --warmup 1 --reps 3 | record
        if [ -n "${GRAM_BEFORE_CP:-}" ]; then
            env -u OPENBLAS_CORETYPE OMP_NUM_THREADS=1 java -Xmx12g -cp "$GRAM_BEFORE_CP:$JAR" org.rnntk.benchmarks.jmh.PeerTiming time --op gram \
                --size "$size" --threads "$THREADS" --reps "$REPS" 2>/dev/null \
                | sed 's/"impl": "rnntk"/"impl": "rnntk-before"/' | record
        fi
    done
    # all-steps at the mid size (nT = 4096) every round (PyTorch once, below)
    java_run time --op gram-all --size "$MID" --threads "$THREADS" --reps 3 | record
    jax_run --op gram-all --size "$MID" --warmup 1 --reps 3 | record
    if [ "$TINY" = 1 ]; then
        java_run time --op gram-all --size "$HEADLINE" --threads "$THREADS" --reps 2 | record
        torch_run --op gram-all-vmap --size "$HEADLINE" --warmup 1 --reps 2 | record
        torch_run --op gram-all-forward --size "$HEADLINE" --warmup 1 --reps 2 | record
        jax_run --op gram-all --size "$HEADLINE" --warmup 1 --reps 2 | record
    fi
done
# PyTorch's all-steps Gram at the mid size, one call: Debian's torch multiplies with a generic BLAS
# (~3 min for the 2.8e11 flops of the structured forward mode's K += B Bᵀ here; functorch's vmap(jacrev)
# over 64 outputs took longer still and is not run: its batching rules fall back to loops)
torch_run --op gram-all-forward --size "$MID" --warmup 0 --reps 1 | record
# all-steps at the headline size (nT = 16 384, K = 2.1 GB, ~9 TFLOP for its symmetric half): one call each,
# once; the peers that would form J (4.4 GB) say they skipped it
if [ "$GRAM_ALL_HEADLINE" = 1 ] && [ "$TINY" != 1 ]; then
    echo "== all-steps Gram, headline size" >&2
    java_run time --op gram-all --size "$HEADLINE" --threads "$THREADS" --warmup 1 --reps 1 | record
    torch_run --op gram-all-vmap --size "$HEADLINE" --warmup 0 --reps 1 | record
    printf '{"impl": "torch-eager", "model": "diagonal", "op": "gram-all-forward", "size": "%s", "dtype": "float64", "skipped": "%s"}\n' \
        "$HEADLINE" "not run: 64x the mid size's flops at PyTorch's generic BLAS rate, hours" | record
    jax_run --op gram-all --size "$HEADLINE" --warmup 0 --reps 1 | record
fi

if [ "$DETAIL_RUNS" = 1 ]; then
    # --- the Gram's scaling in n: Jacobian vs contraction ----------------------------------------------
    if [ "$TINY" = 1 ]; then GP="4 8"; GP_REST=8,4,32; else GP="32 64 128 256 512"; GP_REST=64,32,1024; fi
    for n in $GP; do
        java_run gram-profile --size "$n,$GP_REST" --threads "$THREADS" --reps "$REPS" | record
    done

    # --- memory ----------------------------------------------------------------------------------
    java_run memory --size "$HEADLINE" --threads "$THREADS" --iterations "$PGD_ITERATIONS" | record
fi

java_run limits --threads "$THREADS" | sed 's/"mode": "limits"/"mode": "limits-end"/' | record
JAVA_OMP=2 java_run limits --threads "$THREADS" | sed 's/"mode": "limits"/"mode": "limits-omp2-end"/' | record
if [ -n "$ENV_CORETYPE" ]; then envblas_limits "-end"; fi
printf '{"mode": "meta-end", "load_after": "%s", "date": "%s"}\n' "$(cut -d' ' -f1-3 /proc/loadavg)" "$(date -u +%FT%TZ)" | record

"$PY" "$here/report.py" "$RESULTS" "$OUT" ${ARCHIVE:+"$ARCHIVE"}
"$PY" "$here/report.py" --details "$RESULTS" "$DETAILS" ${ARCHIVE:+"$ARCHIVE"}
echo "wrote $OUT and $DETAILS (raw data: $RESULTS)" >&2

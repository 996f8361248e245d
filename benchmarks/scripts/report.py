#!/usr/bin/python3
"""Turns the JSONL written by compare.sh into docs/benchmarks.md: the machine, the comparison table, the ratios
against PyTorch and against the machine's limit, and links to the design notes (docs/design/).

Usage: report.py [--details] RESULTS.jsonl OUT.md [ARCHIVE.jsonl]
  --details  also the per-phase profile, the recurrence variants, the linearity sweeps, the Gram's scaling
             in n and the memory figures (for a page under target/, not for docs/benchmarks.md)
  ARCHIVE    an earlier run's JSONL whose before/after rows are carried over, labelled as such"""
import json
import os
import statistics
import sys
from collections import defaultdict

HEADLINE, MID, OVERHEAD = "256,64,32,1024", "64,64,32,256", "1,1000,16,256"
SIZE_NAMES = {HEADLINE: "headline", MID: "mid", OVERHEAD: "overhead-bound"}


def load(path):
    rows = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                rows.append(json.loads(line))
    return rows


def dims(size):
    n, t, d, m = (int(v) for v in size.split(","))
    return n, t, d, m


def fmt_t(s):
    if s is None:
        return "–"
    if s >= 1:
        return "%.2f s" % s
    if s >= 1e-3:
        return "%.1f ms" % (s * 1e3)
    return "%.0f µs" % (s * 1e6)


def spread(times):
    """median [min – max] over all timed calls of all rounds."""
    return "%s [%s – %s]" % (fmt_t(statistics.median(times)), fmt_t(min(times)), fmt_t(max(times)))


def best_tanh(r):
    """FastTanh's two-thread ns/element: the auto-vectorized loop, or its Vector API form when it ran and is faster."""
    vec = r.get("vector_tanh_ns", -1)
    return min(r["fast_tanh_ns"], vec) if vec and vec > 0 else r["fast_tanh_ns"]


def zen(cpu_kind):
    """"Zen 4, " for an AMD family/model pair this project has met (ratios move with the kind), else ""."""
    try:
        family = int(cpu_kind.split("family ")[1].split(",")[0])
        model = int(cpu_kind.split("model ")[1].split(",")[0])
    except (IndexError, ValueError):
        return ""
    if family == 25:
        return "Zen 3, " if model < 0x10 else "Zen 4, "
    return "Zen 5, " if family == 26 else ""


def timing_impl(r):
    """The implementation key of a timing row: the dense network's rows are prefixed "dense:", a peer's
    variant is appended ("jax:scan", "dense:jax:scan-checkpoint")."""
    impl = r["impl"]
    if r.get("variant") and r["impl"].startswith("jax"):
        impl += ":" + r["variant"]
    if r.get("model") == "dense" and not impl.startswith(("rnntk-dense", "dense-")):
        impl = "dense:" + impl
    return impl


def best_of(times, prefix, op, size, dtype="float64"):
    """(median, implementation) of the fastest implementation whose key starts with prefix, or (None, None)."""
    found = [(statistics.median(v), k[0]) for k, v in times.items()
             if k[0].startswith(prefix) and k[1] == op and k[2] == size and k[3] == dtype and v]
    return min(found) if found else (None, None)


def main(src, out, archive=None, details=False):
    global HEADLINE, MID, OVERHEAD, SIZE_NAMES
    rows = load(src)
    meta = next(r for r in rows if r.get("mode") == "meta")
    if meta.get("sizes"):
        HEADLINE, MID, OVERHEAD = meta["sizes"]["headline"], meta["sizes"]["mid"], meta["sizes"]["overhead"]
        SIZE_NAMES = {HEADLINE: "headline", MID: "mid", OVERHEAD: "overhead-bound"}
    meta_end = next((r for r in rows if r.get("mode") == "meta-end"), {})
    threads = int(meta["threads"])
    env_core = meta.get("env_openblas_coretype") or ""
    # rnntk runs with OpenBLAS choosing its kernels (OPENBLAS_CORETYPE unset); when the environment
    # forces a kernel set, the DGEMM is measured under that too ("envblas"), and the limit uses the best.
    limits = [r for r in rows if str(r.get("mode", "")).startswith("limits")]
    env_limits = [r for r in rows if str(r.get("mode", "")).startswith("envblas-limits")]

    def peak(rs):
        """The best two-core DGEMM rate of these rows; a 2-core rate below 1.5x the best 1-core rate means
        that measurement was disturbed (the host is shared): then twice the 1-core rate, a stricter bound."""
        one = max(r["dgemm_gflops"] for r in rs if r.get("omp_num_threads") == "1")
        two_rows = [r["dgemm_gflops"] for r in rs if r.get("omp_num_threads") == "2"]
        two = max(two_rows) if two_rows else None
        disturbed = two is None or two < 1.5 * one
        return (2 * one if disturbed else two), one, two, disturbed

    gemm_peak, one_core, two_core, disturbed = peak(limits)
    peak_source = "OpenBLAS's own kernel choice"
    env_peak = peak(env_limits) if env_limits else None
    if env_peak and env_peak[0] > gemm_peak:
        gemm_peak, one_core, two_core, disturbed = env_peak
        peak_source = "OPENBLAS_CORETYPE=%s" % env_core
    sgemm_peak = max(r["sgemm_gflops"] for r in limits + env_limits)
    tanh_ns = min(best_tanh(r) for r in limits + env_limits)
    copy_gbs = max(r["copy_gbs"] for r in limits)

    def rate_peak(key):
        """The best two-core rate of a limits field, with peak()'s fallback to twice the one-core rate."""
        rs = [r for r in limits + env_limits if r.get(key, 0) > 0]
        ones = [r[key] for r in rs if r.get("omp_num_threads") == "1"]
        twos = [r[key] for r in rs if r.get("omp_num_threads") == "2"]
        if not ones:
            return None
        one = max(ones)
        return 2 * one if not twos or max(twos) < 1.5 * one else max(twos)

    # The Gram's contraction K = J Jᵀ at its best measured rate, in useful flops (the symmetric half,
    # n(n+1)p): DSYRK, or DGEMM of A by Aᵀ (which computes both halves: half its rate is useful).
    syrk_rate, aat_rate = rate_peak("dsyrk_gflops"), rate_peak("dgemm_aat_gflops")
    contraction_rate = max(syrk_rate or 0, (aat_rate or gemm_peak) / 2)

    def gram_limit(op, size):
        """(Jacobian, contraction) lower bounds in seconds: the Jacobian costs the projection and the Γᵀ X
        GEMMs (4·d·nTm flops) and one tanh per cell-step (the forward pass; the adjoint's recursion is cheaper),
        all-steps adds writing J once (nT·p doubles at the copy bandwidth); the contraction is the symmetric
        half of J Jᵀ, rows·(rows+1)·p flops with rows = n or nT, at the contraction rate."""
        n, t, d, m = dims(size)
        p, cells = m * (d + 1), n * t * m
        jac = 4 * d * cells / (gemm_peak * 1e9) + cells * tanh_ns * 1e-9
        rows_ = n
        if op == "gram-all":
            rows_ = n * t
            jac += rows_ * p * 8 / (copy_gbs * 1e9)
        return jac, rows_ * (rows_ + 1) * p / (contraction_rate * 1e9)

    def dense_flops(size):
        """The dense network's forward+BPTT GEMM flops (DenseTiming's replay): projection 2·nTmd, forward
        2·n(T−1)m², backward 2·n(T−1)m² (Δ W) + 2·nTm² (∂W), ∂U 2·nTmd."""
        n, t, d, m = dims(size)
        return 4.0 * n * t * m * d + 4.0 * n * (t - 1) * m * m + 2.0 * n * t * m * m

    def dense_limit(size):
        n, t, d, m = dims(size)
        return dense_flops(size) / (gemm_peak * 1e9) + n * t * m * tanh_ns * 1e-9

    def limit(op, size):
        n, t, d, m = dims(size)
        cells = n * t * m
        gemm_flops = (4 if op in ("fwdbwd", "pgd") else 2) * d * cells
        return gemm_flops / (gemm_peak * 1e9) + cells * tanh_ns * 1e-9

    def side_by_side():
        """Each round's headline forward+BPTT process median over the limit measured next to it."""
        one = {r["round"]: r for r in rows if r.get("mode") == "round-limits"}
        two = {r["round"]: r for r in rows if r.get("mode") == "round-limits-omp2"}
        two_env = {r["round"]: r for r in rows if r.get("mode") == "round-envblas-limits-omp2"}
        timed = [r for r in rows if r.get("impl") == "rnntk" and r.get("op") == "fwdbwd" and r["size"] == HEADLINE
                 and r.get("dtype", "float64") == "float64"]
        n, t, d, m = dims(HEADLINE)
        cells = n * t * m
        out = []
        for k, r in enumerate(timed, start=1):
            if k not in one or k not in two:
                continue
            rate = two[k]["dgemm_gflops"]
            if rate < 1.5 * one[k]["dgemm_gflops"]:
                rate = 2 * one[k]["dgemm_gflops"]
            if k in two_env and env_peak:
                # The environment's kernels: its two-core rate of this round, checked against its
                # one-core rate at the start and end of the run.
                r_env = two_env[k]["dgemm_gflops"]
                if r_env < 1.5 * env_peak[1]:
                    r_env = 2 * env_peak[1]
                rate = max(rate, r_env)
            tanh = min(best_tanh(one[k]), best_tanh(two[k]))
            lim = 4 * d * cells / (rate * 1e9) + cells * tanh * 1e-9
            out.append((statistics.median(r["times_s"]) / lim, lim))
        return out

    times = defaultdict(list)
    for r in rows:
        if "impl" in r and "times_s" in r:
            times[(timing_impl(r), r["op"], r["size"], r.get("dtype", "float64"))].extend(r["times_s"])

    def med(key):
        v = times.get(key)
        return statistics.median(v) if v else None

    L = []
    w = L.append
    w("# rnntk performance")
    w("")
    w("Written by `benchmarks/scripts/compare.sh` from the JSONL it writes under `benchmarks/target/` "
      "(do not edit by hand; rerun it on a quiet machine: `benchmarks/scripts/compare.sh` for the full run "
      "(every size, 3 rounds, about 1 h on 2 cores; it installs missing peers itself), "
      "`QUICK=1 benchmarks/scripts/compare.sh` for a quick look at the mid size (one round, about 10 min, "
      "written to `benchmarks/target/benchmarks-quick.md`)). Why the kernels are built as they are, with the measurements "
      "behind each choice: [docs/design/](design/README.md). Every number below was "
      "measured in the same run, on the same machine, rnntk, PyTorch and JAX alternated process by process "
      "(%s rounds); times are medians over all timed calls with [min – max]." % max(1, sum(1 for r in rows if r.get("mode") == "profile")))
    w("")
    if meta.get("run", "full") != "full":
        w("**This is a %s run (`%s`), not the full comparison: %s.**" % (
            meta["run"], "TINY=1 QUICK=1" if meta["run"] == "tiny" else "QUICK=1",
            "tiny sizes that only exercise the scripts, no figure below is a measurement worth quoting"
            if meta["run"] == "tiny" else "the mid size only, one round"))
        w("")
    if archive:
        w("Sections that were not measured in this run say so and name their raw data.")
        w("")
    w("## Machine and settings")
    w("")
    w("| | |")
    w("|---|---|")
    cpu = meta["cpu"] + (" (%s%s)" % (zen(meta["cpu_kind"]), meta["cpu_kind"]) if meta.get("cpu_kind") else "")
    w("| CPU | %s, %s cores, %s GiB |" % (cpu, meta["cores"], meta["mem_gib"]))
    w("| JDK | %s |" % meta["jdk"])
    w("| PyTorch | %s (Debian python3-torch), `torch.set_num_threads(%d)`, eager and TorchScript loops, tuned glibc malloc |" % (meta["torch"], threads))
    w("| rnntk | commit %s, `Nd4jBackend.create(precision, %d)`, `OMP_NUM_THREADS=1` (ND4J/OpenBLAS single-threaded) |" % (meta["git"], threads))
    vec_status = next((r["vector_api"] for r in rows if r.get("impl") == "rnntk" and "vector_api" in r), None)
    if vec_status:
        w("| rnntk's Vector API kernels | %s: `java --add-modules jdk.incubator.vector` (docs/design/tile-access.md); the same jar without it is alternated in every round (\"without the Vector API\" below) |" % vec_status)
    jax_rows = [r for r in rows if r.get("impl") == "jax" and "allocator" in r]
    if meta.get("jax"):
        w("| JAX | %s (package registry, a venv), `jax_enable_x64`, pinned to %d cores with `sched_setaffinity` before import, %s; `jit` of `value_and_grad`, `lax.scan` with and without `jax.checkpoint` on the step, compile time excluded |" % (
            meta["jax"], threads, "tcmalloc preloaded" if any(r["allocator"] == "tcmalloc" for r in jax_rows) else "glibc malloc"))
    w("| threads | %d on both sides |" % threads)
    w("| date | %s → %s |" % (meta["date"], meta_end.get("date", "?")))
    w("| load average (1/5/15 min) | %s before, %s after (a virtual machine whose host is shared: absolute times drift between runs, ratios measured side by side do not) |" % (meta["load_before"], meta_end.get("load_after", "?")))
    w("")
    def named(size):
        n, t, d, m = dims(size)
        return "n=%d T=%d d=%d m=%d" % (n, t, d, m)

    w("Sizes: n sequences × T steps, input dimension d, width m. Headline %s (%.1f M cell-steps); mid %s; "
      "overhead-bound %s." % (named(HEADLINE), dims(HEADLINE)[0] * dims(HEADLINE)[1] * dims(HEADLINE)[3] / 1e6,
                              named(MID), named(OVERHEAD)))
    w("")
    checks = [r for r in rows if r.get("mode") == "peer-self-test"]
    if checks:
        w("The peers compute the same thing: before timing, each was checked against rnntk on the small problem "
          "of `PeerTiming check` (%s; outputs, loss and gradients of both models, both Grams of the diagonal one, "
          "float64): %s." % (named(checks[0]["size"]), "; ".join(
              "%s worst relative difference %.1e (%s), %s" % (
                  r["impl"], r["max_rel_err"][r["worst"]], r["worst"], "within %.0e" % r["tolerance"] if r["passed"]
                  else "**above the tolerance %.0e: the comparison is not valid**" % r["tolerance"]) for r in checks)))
        w("")
    w("## Physical limit, measured in this run")
    w("")
    w("| quantity | value |")
    w("|---|---|")
    for r in limits + env_limits:
        env = r["mode"].startswith("envblas")
        mode = r["mode"].replace("envblas-", "")
        tag = {"limits": "start, OMP_NUM_THREADS=1", "limits-omp2": "start, OMP_NUM_THREADS=2",
               "limits-end": "end, OMP_NUM_THREADS=1", "limits-omp2-end": "end, OMP_NUM_THREADS=2"}.get(mode, mode)
        kernels = ("`OPENBLAS_CORETYPE=%s` (this environment's setting)" % env_core if env
                   else "OpenBLAS's own kernel choice")
        w("| DGEMM 1024³ (`Nd4j.gemm`, preallocated output), %s, %s | %.1f GFLOP/s (SGEMM %.1f) |" % (kernels, tag, r["dgemm_gflops"], r["sgemm_gflops"]))
    for r in limits:
        if r["mode"] == "limits":
            w("| tanh, ns/element, %d threads: kernels' FastTanh / Math.tanh / ND4J native (1M doubles) | %.2f / %.1f / %.1f |" % (threads, r["fast_tanh_ns"], r["math_tanh_ns"], r["nd4j_tanh_ns"]))
            w("| FastTanh, 1 thread | %.2f ns/element |" % r["fast_tanh_ns_1thread"])
            if r.get("vector_tanh_ns", -1) > 0:
                w("| FastTanh in the Vector API form of the kernels (`VectorRecurrenceF64.tanh`, the same bits), %d threads / 1 thread | %.2f / %.2f ns/element |" % (threads, r["vector_tanh_ns"], r["vector_tanh_ns_1thread"]))
            if "fast_tanh_ns_rows128_1thread" in r:
                w("| FastTanh, 1 thread, the same array in calls of 128 elements (the block rows of a width-128 network) | %.2f ns/element |" % r["fast_tanh_ns_rows128_1thread"])
            w("| heap copy (`System.arraycopy`, 128 MiB) | %.1f GB/s |" % r["copy_gbs"])
    for r in limits + env_limits:
        if r.get("dsyrk_gflops", 0) > 0:
            w("| the Gram's contraction C = A Aᵀ, A 1024×4096 (cblas, preallocated), %s, OMP_NUM_THREADS=%s: DSYRK (n(n+1)k flops) / DGEMM A·Aᵀ (2n²k flops) | %.1f / %.1f GFLOP/s |" % (
                r["mode"], r.get("omp_num_threads"), r["dsyrk_gflops"], r["dgemm_aat_gflops"]))
    w("")
    if disturbed:
        rate_text = ("twice the best one-core DGEMM rate above, %.1f GFLOP/s (the best two-core measurement, %s, "
                     "was below 1.5× the one-core rate: disturbed by other work on the shared host, so the "
                     "stricter bound is used)" % (gemm_peak, "%.1f GFLOP/s" % two_core if two_core else "missing"))
    else:
        rate_text = "the best two-core DGEMM rate above (%.1f GFLOP/s, %s, start or end of the run)" % (gemm_peak, peak_source)
    w("The limit of a call is its GEMM flops at %s plus one tanh per "
      "cell-step at the best measured FastTanh throughput, auto-vectorized or Vector API loop (%.2f ns/element): forward+BPTT = 4·d·nTm flops + "
      "nTm tanh, forward = 2·d·nTm flops + nTm tanh. It leaves out memory traffic (≥ 16 bytes per "
      "cell-step each way) and every other elementwise flop, so it is a strict lower bound." % (rate_text, tanh_ns))
    w("")
    if env_core:
        w("**Which kernels.** OpenBLAS picks its kernels for the CPU when it loads, unless `OPENBLAS_CORETYPE` "
          "forces a set. This environment sets `OPENBLAS_CORETYPE=%s`; left to itself, OpenBLAS 0.3.19 "
          "(the one nd4j-native 1.0.0-M2.1 was built with) picks its 2007-era \"Barcelona\" kernels on this "
          "CPU (docs/design/openblas.md). rnntk ships OpenBLAS 0.3.31, whose own choice here uses AVX-512, "
          "and recommends leaving the variable unset (docs/design/openblas.md): the rnntk rows below "
          "run that way, and the headline is also timed under the environment's setting (targets). PyTorch "
          "(Debian's build, `BLAS_INFO=generic`) does not read the variable." % env_core)
    w("")
    # --- the summary: rnntk against its limit, JAX and PyTorch -----------------------------------------
    def best_peer(cands, size, dtype="float64"):
        """(median, label) of the fastest of the (implementation key, op) candidates at this size."""
        found = [(statistics.median(times[(k, op, size, dtype)]), k, op) for k, op in cands
                 if times.get((k, op, size, dtype))]
        if not found:
            return None, None
        t_, k, op = min(found)
        k = k.replace("dense:", "")
        if k.startswith("jax:"):
            return t_, k[4:]
        label = {"torch-eager": "eager loop", "torch-script": "TorchScript loop"}.get(k, k)
        return t_, {"gram-autograd": "per-sample autograd", "gram-vmap": "vmap(jacrev)",
                    "gram-all-vmap": "vmap(jacrev)", "gram-all-forward": "structured forward mode"}.get(op, label)

    def jax_cands(model, op):
        pre = "dense:jax:" if model == "dense" else "jax:"
        return sorted({(k[0], op) for k in times if k[0].startswith(pre) and k[1] == op})

    torch_same = ["torch-eager", "torch-script"]
    summary = []
    for size in (HEADLINE, MID):
        summary.append(("forward+BPTT, diagonal", size, "float64", ("rnntk", "fwdbwd"), limit("fwdbwd", size),
                        jax_cands("diagonal", "fwdbwd"), [(k, "fwdbwd") for k in torch_same]))
    for op, label, torch_ops in (("gram", "last-step Gram", ["gram-autograd", "gram-vmap"]),
                                 ("gram-all", "all-steps Gram", ["gram-all-vmap", "gram-all-forward"])):
        for size in (HEADLINE, MID):
            summary.append((label, size, "float64", ("rnntk", op), sum(gram_limit(op, size)),
                            jax_cands("diagonal", op), [("torch-eager", o) for o in torch_ops]))
    for size in (HEADLINE, MID):
        summary.append(("forward+BPTT, dense", size, "float64", ("rnntk-dense", "fwdbwd"), dense_limit(size),
                        jax_cands("dense", "fwdbwd"), [("dense:" + k, "fwdbwd") for k in torch_same]))
    lines = []
    for label, size, dtype, (jk, op), lim, jc, tc in summary:
        j = med((jk, op, size, dtype))
        if j is None:
            continue
        jt, jl = best_peer(jc, size, dtype)
        tt, tl = best_peer(tc, size, dtype)
        lines.append("| %s | %s | %s | %s | %.2f | %s | %s | %s | %s |" % (
            label, SIZE_NAMES.get(size, size), fmt_t(j), fmt_t(lim), j / lim,
            "%s (%s)" % (fmt_t(jt), jl) if jt else "–", "**%.2f**" % (j / jt) if jt else "–",
            "%s (%s)" % (fmt_t(tt), tl) if tt else "–", "**%.2f**" % (j / tt) if tt else "–"))
    if lines:
        w("## rnntk against its limit, JAX and PyTorch")
        w("")
        w("Time ratios (below 1: rnntk is faster), float64, %d threads on every side, all measured in this run "
          "(medians over all timed calls of all rounds). The peer column is its fastest variant at this size, "
          "named (JAX: `scan` or `scan-checkpoint` for forward+BPTT; `vmap-jacrev`, `reverse-per-seq` or "
          "`forward` — structured forward mode, d+1 jvps — for the Grams; PyTorch: eager or TorchScript loop, "
          "per-sample autograd, functorch vmap(jacrev) or structured forward mode). The limits are defined below the table." % threads)
        w("")
        w("| computation | size | rnntk | limit | rnntk / limit | best JAX | rnntk / JAX | best PyTorch | rnntk / PyTorch |")
        w("|---|---|---|---|---|---|---|---|---|")
        for line in lines:
            w(line)
        w("")
        skipped = [r for r in rows if r.get("skipped")]
        for r in skipped:
            w("- not run: %s %s%s at the %s size — %s." % (r["impl"], r["op"], " " + r["variant"] if r.get("variant") else "",
                                                        SIZE_NAMES.get(r["size"], r["size"]), r["skipped"]))
        if skipped:
            w("")
        w("**Limits.** forward+BPTT (diagonal): as in the next section. **The Gram's limit** = the Jacobian's "
          "cost + the contraction's. The Jacobian costs about one forward pass plus one per-sequence adjoint "
          "(elementwise, n·T·m: counted as one tanh per cell-step at the FastTanh rate) and its GEMMs, the input "
          "projection Z = X Uᵀ and the Γᵀ X products (2·nTm·d flops each), at the DGEMM rate; the all-steps "
          "Jacobian also writes J (nT × p doubles) once at the copy bandwidth. The contraction K = J Jᵀ is the "
          "symmetric half, rows·(rows+1)·p flops with p = m(d+1) and rows = n (last-step) or N = nT (all-steps), at "
          "the best contraction rate measured in this run (%.1f GFLOP/s of useful flops: DSYRK %s, half the "
          "A·Aᵀ DGEMM rate %s). **The dense network's limit**: its GEMM flops — the projection and ∂U "
          "(2·nTm·d each), 2·n·m² per step forward and twice that backward (Δ Wᵀ and ∂W) — at the DGEMM rate, "
          "plus one tanh per cell-step; the dense rows' own GEMM replay (the same calls on zero buffers, "
          "alternated in the same process) is in the dense section below." % (
              contraction_rate, "%.1f" % syrk_rate if syrk_rate else "not measured",
              "%.1f" % (aat_rate / 2) if aat_rate else "not measured"))
        w("")
        w("| Gram | size | Jacobian part | contraction part | limit |")
        w("|---|---|---|---|---|")
        for op, label in (("gram", "last-step"), ("gram-all", "all-steps")):
            for size in (HEADLINE, MID):
                if med(("rnntk", op, size, "float64")) is None:
                    continue
                jac, con = gram_limit(op, size)
                n, t, d, m = dims(size)
                w("| %s (%s × %s, p = %d) | %s | %s | %s | %s |" % (
                    label, n if op == "gram" else n * t, n if op == "gram" else n * t, m * (d + 1),
                    SIZE_NAMES.get(size, size), fmt_t(jac), fmt_t(con), fmt_t(jac + con)))
        w("")

    w("## rnntk against PyTorch, and against the limit")
    w("")
    w("Speed-up = PyTorch median / rnntk median, against the faster of PyTorch's eager and TorchScript "
      "loops at the same thread count (%d). PyTorch on one thread is shown too, with the speed-up against "
      "the fastest PyTorch configuration of all (its OpenMP barriers suffer most when the shared cores "
      "are oversubscribed). limit ratio = rnntk median / physical limit." % threads)
    w("")
    w("| op | size | dtype | rnntk | PyTorch eager | PyTorch script | PyTorch eager, 1 thread | speed-up (same threads) | speed-up (best PyTorch) | rnntk / limit |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    targets = {}
    for op in ("fwdbwd", "forward", "pgd"):
        for size in (HEADLINE, MID, OVERHEAD):
            for dtype in ("float64", "float32"):
                jk = ("rnntk", op, size, dtype)
                if jk not in times:
                    continue
                j = med(jk)
                pe = med(("torch-eager", op, size, dtype))
                ps = med(("torch-script", op, size, dtype))
                p1 = med(("torch-eager-1thread", op, size, dtype))
                same = [v for v in (pe, ps) if v is not None]
                best = min(same) if same else None
                overall = min(same + ([p1] if p1 is not None else [])) if same or p1 else None
                lim = limit(op, size) if dtype == "float64" else None
                speed = best / j if best else None
                speed_all = overall / j if overall else None
                ratio = j / lim if lim else None
                targets[(op, size, dtype)] = (j, best, speed, ratio, speed_all)
                w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    {"fwdbwd": "forward+BPTT", "forward": "forward", "pgd": "1 PGD iteration"}[op],
                    SIZE_NAMES[size], dtype, spread(times[jk]),
                    spread(times[("torch-eager", op, size, dtype)]) if pe else "–",
                    spread(times[("torch-script", op, size, dtype)]) if ps else "–",
                    spread(times[("torch-eager-1thread", op, size, dtype)]) if p1 else "–",
                    "%.1f×" % speed if speed else "–", "%.1f×" % speed_all if speed_all else "–",
                    "%.2f" % ratio if ratio else "–"))
    w("")
    w("float32 limit ratios are not shown: the limit above is a float64 one (SGEMM peak %.1f GFLOP/s)." % sgemm_peak)
    un = times.get(("torch-eager-untuned", "fwdbwd", HEADLINE, "float64"))
    if un:
        w("")
        w("Untuned PyTorch (default glibc malloc), forward+BPTT, headline, float64: %s — the tuned figure "
          "above is the one compared against." % spread(un))
    w("")
    w("### Targets")
    w("")
    hj = targets.get(("fwdbwd", HEADLINE, "float64"))
    oj = targets.get(("fwdbwd", OVERHEAD, "float64"))
    if hj:
        w("- forward+BPTT, headline, float64, ≥ 2× faster than tuned PyTorch: **%.1f×** at the same threads, "
          "**%.1f×** against the fastest PyTorch configuration — %s." % (hj[2], hj[4], "met" if min(hj[2], hj[4]) >= 2 else ("met at the same threads only" if hj[2] >= 2 else "missed")))
        w("- the same within 1.5× of the physical limit: **%.2f×** — %s." % (hj[3], "met" if hj[3] <= 1.5 else "missed by %.0f%%" % ((hj[3] / 1.5 - 1) * 100)))
        per_round = [statistics.median(r["times_s"]) / limit("fwdbwd", HEADLINE) for r in rows
                     if r.get("impl") == "rnntk" and r.get("op") == "fwdbwd" and r["size"] == HEADLINE
                     and r.get("dtype", "float64") == "float64"]
        torch_rounds = [statistics.median(r["times_s"]) for r in rows
                        if r.get("impl") == "torch-eager" and r.get("op") == "fwdbwd" and r["size"] == HEADLINE
                        and r.get("dtype", "float64") == "float64"]
        if per_round:
            w("  Per round (each round's process median against the same limit): %s; PyTorch eager's process "
              "medians in the same rounds: %s." % (
                  ", ".join("%.2f×" % v for v in per_round), ", ".join(fmt_t(v) for v in torch_rounds)))
        side = side_by_side()
        if side:
            # A round's own limit measurement is slowed by the same host noise as its timing; one more
            # than 10 % above the run's limit (its best rates) makes that round's ratio look better than it is.
            run_lim = limit("fwdbwd", HEADLINE)
            parts = []
            for ratio, lim in side:
                excess = lim / run_lim - 1
                parts.append("%.2f×%s" % (ratio, " (its limit %.0f %% above the run's: disturbed)" % (excess * 100)
                                          if excess > 0.10 else ""))
            med_side = statistics.median([v for v, _ in side])
            clean = [v for v, lim in side if lim / run_lim - 1 <= 0.10]
            verdict_of = statistics.median(clean) if clean else None
            if verdict_of is None:
                verdict = "every round's limit measurement was disturbed, so this line does not decide the target"
            else:
                verdict = ("within 1.5×" if verdict_of <= 1.5 else "missed by %.0f%%" % ((verdict_of / 1.5 - 1) * 100))
                if len(clean) < len(side):
                    verdict = "median of the undisturbed rounds %.2f× — %s" % (verdict_of, verdict)
            w("- the same, side by side: each round's process median against the limit measured right after it "
              "in the same round (the best of its two-core DGEMM rates, with the same fallback, and its FastTanh rate): "
              "%s; median **%.2f×**; %s." % (", ".join(parts), med_side, verdict))
        je = times.get(("rnntk-envblas", "fwdbwd", HEADLINE, "float64"))
        if je:
            w("- rnntk under this environment's `OPENBLAS_CORETYPE=%s` (alternated in the same rounds): %s, "
              "%.2f× the time with OpenBLAS's own kernel choice, %.2f× the limit." % (
                  env_core, spread(je), statistics.median(je) / hj[0],
                  statistics.median(je) / limit("fwdbwd", HEADLINE)))
        nv = times.get(("rnntk-novector", "fwdbwd", HEADLINE, "float64"))
        if nv:
            w("- rnntk without the Vector API (the same jar without `--add-modules jdk.incubator.vector`, alternated "
              "in the same rounds): %s, %.2f× the time with it, %.2f× the limit." % (
                  spread(nv), statistics.median(nv) / hj[0], statistics.median(nv) / limit("fwdbwd", HEADLINE)))
    if oj:
        w("- forward+BPTT, overhead-bound size, float64, ≥ 5× faster than PyTorch: **%.1f×** at the same "
          "threads, **%.1f×** against the fastest PyTorch configuration — %s." % (oj[2], oj[4], "met" if min(oj[2], oj[4]) >= 5 else ("met at the same threads only" if oj[2] >= 5 else "missed")))
    w("")
    # --- with and without the Vector API, measured in this run (the same jar, alternated)
    if any(k[0] == "rnntk-novector" for k in times):
        w("### With and without the Vector API (same run)")
        w("")
        w("forward+BPTT, %d threads, the same jar started with and without `--add-modules jdk.incubator.vector`, "
          "alternated process by process in every round above. Both compute the same bits; without the module the "
          "kernels use C2's auto-vectorized loops and the copies they need (docs/design/tile-access.md)." % threads)
        w("")
        w("| size | dtype | without | with | speed-up of the medians | per-round speed-ups |")
        w("|---|---|---|---|---|---|")
        for size in (HEADLINE, MID, OVERHEAD):
            for dtype in ("float64", "float32"):
                before = times.get(("rnntk-novector", "fwdbwd", size, dtype))
                after = times.get(("rnntk", "fwdbwd", size, dtype))
                if not before or not after:
                    continue
                pb = [statistics.median(r["times_s"]) for r in rows if r.get("impl") == "rnntk-novector"
                      and r.get("op") == "fwdbwd" and r["size"] == size and r.get("dtype", "float64") == dtype]
                pa = [statistics.median(r["times_s"]) for r in rows if r.get("impl") == "rnntk"
                      and r.get("op") == "fwdbwd" and r["size"] == size and r.get("dtype", "float64") == dtype]
                per = ", ".join("%.2f×" % (b / a) for b, a in zip(pb, pa))
                w("| %s | %s | %s | %s | %.2f× | %s |" % (SIZE_NAMES.get(size, size), dtype, spread(before),
                                                        spread(after), statistics.median(before) / statistics.median(after), per))
        w("")
    # --- before / after, measured in this run (KERNELS_BEFORE_JAR)
    kb = next((r for r in rows if r.get("mode") == "kernels-before"), None)
    if kb:
        w("### This commit's kernels against those of commit %s (same run)" % kb["commit"])
        w("")
        note = " (%s)" % kb["note"] if kb.get("note") else ""
        if kb.get("settings") == "same":
            how = ("under the same process settings as this commit's rows (OpenBLAS's own kernel choice, "
                   "`OMP_NUM_THREADS=1`, `--add-modules jdk.incubator.vector`)")
        else:
            # Runs before the settings were recorded started the older jar this way.
            how = ("under the environment's OpenBLAS setting%s and without the Vector API module, as commits "
                   "before the Vector API rows were measured — not the settings of this commit's rows"
                   % (" `OPENBLAS_CORETYPE=%s`" % env_core if env_core else ""))
        w("forward+BPTT, float64, %d threads: the shaded jar of commit %s%s, %s, alternated process by "
          "process with this commit's in every round above." % (threads, kb["commit"], note, how))
        w("")
        w("| size | before | after | speed-up of the medians | per-round speed-ups |")
        w("|---|---|---|---|---|")
        for size in (HEADLINE, MID, OVERHEAD):
            before = times.get(("rnntk-kernels-before", "fwdbwd", size, "float64"))
            after = times.get(("rnntk", "fwdbwd", size, "float64"))
            if not before or not after:
                continue
            pb = [statistics.median(r["times_s"]) for r in rows if r.get("impl") == "rnntk-kernels-before"
                  and r.get("op") == "fwdbwd" and r["size"] == size]
            pa = [statistics.median(r["times_s"]) for r in rows if r.get("impl") == "rnntk" and r.get("op") == "fwdbwd"
                  and r["size"] == size and r.get("dtype", "float64") == "float64"]
            per = ", ".join("%.1f×" % (b / a) for b, a in zip(pb, pa))
            w("| %s | %s | %s | %.1f× | %s |" % (SIZE_NAMES.get(size, size), spread(before), spread(after),
                                                statistics.median(before) / statistics.median(after), per))
        w("")
    # --- before / after of the earlier kernel work: from an archived run (ARCHIVE), never re-measured here
    arch_rows = load(archive) if archive else []
    arch_times = defaultdict(list)
    for r in arch_rows:
        if r.get("impl") in ("rnntk-before", "rnntk-after") and r.get("op") == "fwdbwd":
            arch_times[(r["impl"], r["op"], r["size"], r.get("dtype", "float64"))].extend(r["times_s"])
    arch_meta = next((r for r in arch_rows if r.get("mode") == "meta"), {})
    arch_end = next((r for r in arch_rows if r.get("mode") == "meta-end"), {})
    ba = [(k[2], arch_times[k], arch_times.get(("rnntk-after", k[1], k[2], k[3]))) for k in arch_times
          if k[0] == "rnntk-before" and ("rnntk-after", k[1], k[2], k[3]) in arch_times]
    rows_ba = arch_rows
    if ba:
        w("### The recurrence kernels before and after the first performance work (archived run)")
        w("")
        w("**Not measured in this run**: carried over from the run of %s → %s (kernels at commit %s, load "
          "average %s before, %s after), raw data `%s`. forward+BPTT, float64, %d threads: the "
          "kernels of commit 5e30e99 (Math.tanh, whole-buffer heap↔off-heap copies, single-block GEMMs; "
          "compiled from that commit and put first on the class path) against those of %s, alternated "
          "process by process right after that run, 3 rounds." % (
              arch_meta.get("date", "?"), arch_end.get("date", "?"), arch_meta.get("git", "?"),
              arch_meta.get("load_before", "?"), arch_end.get("load_after", "?"), archive,
              threads, arch_meta.get("git", "?")))
        w("")
        w("| size | before | after | speed-up of the medians | per-round speed-ups (before/after, each round's processes) |")
        w("|---|---|---|---|---|")
        for size, before, after in ba:
            pb = [statistics.median(r["times_s"]) for r in rows_ba if r.get("impl") == "rnntk-before" and r.get("op") == "fwdbwd" and r["size"] == size]
            pa = [statistics.median(r["times_s"]) for r in rows_ba if r.get("impl") == "rnntk-after" and r.get("op") == "fwdbwd" and r["size"] == size]
            per = ", ".join("%.1f×" % (b / a) for b, a in zip(pb, pa))
            w("| %s | %s | %s | %.1f× | %s |" % (SIZE_NAMES.get(size, size), spread(before), spread(after),
                                                statistics.median(before) / statistics.median(after), per))
        w("")
    # --- profile
    prof = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if str(r.get("mode", "")).startswith("profile"):
            for k, v in r.items():
                if k.endswith("_s"):
                    prof[r["mode"]][k[:-2]].append(v)
    if prof and details:
        w("## Where the time goes (forward+BPTT, headline, float64)")
        w("")
        w("`PeerTiming profile`: each phase timed inside the call (a `KernelProfiler` attached to the backend, medians over rounds). "
          "The tiled phases run on all threads at once, so they are **thread time** (summed over the "
          "threads); `total` is wall time. setup = checks, permuted parameters and their upload; "
          "outputs_and_loss = F from the block partials, the loss and its adjoint; wait = threads done with "
          "their share waiting for the others; handoff = the pool's threads from the start of a parallel range to "
          "their first instruction in it; gradient_out = adding up the per-group gradients and un-permuting them.")
        w("")
        phases = ["setup", "forward_gemm", "forward_recurrence", "outputs_and_loss", "backward_adjoint",
                  "backward_gemm", "wait", "handoff", "gradient_out", "total"]
        cols = [c for c in ("profile", "profile-omp2", "profile-1thread") if c in prof]
        names = {"profile": "%d threads, OMP_NUM_THREADS=1" % threads, "profile-omp2": "%d threads, OMP_NUM_THREADS=2" % threads,
                 "profile-1thread": "1 thread, OMP_NUM_THREADS=1"}
        w("| phase | " + " | ".join(names[c] for c in cols) + " |")
        w("|---|" + "---|" * len(cols))
        for ph in phases:
            w("| %s | %s |" % (ph, " | ".join(fmt_t(statistics.median(prof[c][ph])) if ph in prof[c] else "–" for c in cols)))
        n, t, d, m = dims(HEADLINE)
        cells = n * t * m
        pc = prof["profile"]
        g_thr = statistics.median(pc["forward_gemm"]) + statistics.median(pc["backward_gemm"])
        e_thr = (statistics.median(pc["forward_recurrence"]) + statistics.median(pc["backward_adjoint"])
                 + statistics.median(pc["outputs_and_loss"]))
        gem_thr = 4 * d * cells / (gemm_peak / threads * 1e9)
        lim0 = next((r for r in limits if r["mode"] == "limits"), {})
        rows_ns = lim0.get("fast_tanh_ns_rows128_1thread")
        one_ns = lim0.get("fast_tanh_ns_1thread")
        tanh_thr = cells * tanh_ns * threads * 1e-9
        w("")
        if vec_status and vec_status.startswith("on"):
            elementwise_text = ("with the Vector API rows, the forward reads each row of Z from the off-heap tile, "
                                "writes h into its row of H and forms the pair terms in one pass; the adjoint reads "
                                "H, adds ∂w in the same pass and stores Δ straight into the tile for the GEMM, two rows "
                                "per pass; beyond the tanh, "
                                "that is the adjoint's arithmetic and the loads and stores of H, Z and Δ")
        else:
            elementwise_text = ("besides the tanh, the forward copies each row of Z from the off-heap tile into its "
                                "row of H and forms the output's pair terms (copying each row's second half out "
                                "first), the adjoint reads H and writes Δ into the off-heap tile for the GEMM")
        w("**Against the limit.** In thread time (the limit's parts times %d threads): the GEMMs' part of the "
          "limit is %s (%.1f GFLOP/s per thread, half the best DGEMM rate), one FastTanh per cell-step %s. "
          "Measured (first column): the tile GEMMs take %s (%.1f GFLOP/s per thread, %.2f× their part: "
          "OpenBLAS stays below its 1024³ rate at these shapes: M = T = %d rows by a half block of 512 "
          "columns with K = d = %d forward, a %d×1024 output with K = T backward) and the elementwise phases %s (%.2f× their "
          "part: %s; the tanh loop runs on block rows of 1024 here, close "
          "to its long-array speed, but costs %s per element in calls of 128 against %s on one long array, "
          "which is what narrower networks pay, table above)." % (
              threads, fmt_t(gem_thr), gemm_peak / threads, fmt_t(tanh_thr), fmt_t(g_thr),
              4 * d * cells / g_thr / 1e9, g_thr / gem_thr, t, d, d, fmt_t(e_thr), e_thr / tanh_thr,
              elementwise_text,
              "%.2f ns" % rows_ns if rows_ns else "?", "%.2f ns" % one_ns if one_ns else "?"))
        p1 = prof.get("profile-1thread")
        if p1:
            g1 = statistics.median(p1["forward_gemm"]) + statistics.median(p1["backward_gemm"])
            e1 = (statistics.median(p1["forward_recurrence"]) + statistics.median(p1["backward_adjoint"])
                  + statistics.median(p1["outputs_and_loss"]))
            wt = statistics.median(pc["wait"]) if "wait" in pc else 0.0
            w("")
            excess = g_thr / g1 > 1.05 or e_thr / e1 > 1.05
            w("**Two threads against one.** On one thread the same work takes %s in the GEMMs and %s in the "
              "elementwise phases; on two, the threads together spend %s and %s (%+.0f %% and %+.0f %%), plus "
              "%s waiting for each other at the end. %s" % (
                  fmt_t(g1), fmt_t(e1), fmt_t(g_thr), fmt_t(e_thr), (g_thr / g1 - 1) * 100,
                  (e_thr / e1 - 1) * 100, fmt_t(wt),
                  "Not broken down further here; the candidates are the memory system the two cores share (U "
                  "and the ∂U accumulators leave each core's L2 between chunks) and the host's other work, "
                  "which reaches one core at a time." if excess else
                  "No excess in this run (the one-thread profile is as exposed to the host's other work as the "
                  "two-thread one, so a single run can show either)."))
        w("")
    # --- recurrence variants
    rec = [r for r in rows if r.get("mode") == "recurrence"]
    if rec and details:
        w("## Kernel choice: the forward recurrence four ways")
        w("")
        w("h_t = tanh(w ⊙ h_{t−1} + z_t) over a precomputed Z, %d threads (`PeerTiming recurrence`, "
          "`RecurrenceBenchmark` in JMH). The Java variants include one bulk copy of Z." % threads)
        w("")
        w("| size | Java loop, Math.tanh | Java loop, FastTanh (kernel) | FastTanh, h_{t−1} read from H at a row offset | ND4J ops per time step |")
        w("|---|---|---|---|---|")
        for r in rec:
            size = ",".join(str(v) for v in (r["size"].replace("n=", "").replace("T=", "").replace("d=", "").replace("m=", "").split()))
            w("| %s | %s | %s | %s | %s |" % (SIZE_NAMES.get(size, size), fmt_t(r["java_math_tanh_s"]), fmt_t(r["java_fast_tanh_s"]),
                                              fmt_t(r["java_fast_tanh_row_offset_s"]), fmt_t(r["nd4j_per_step_s"])))
        w("")
    # --- sweep
    sw = {k[2]: statistics.median(v) for k, v in times.items() if k[0] == "rnntk-sweep"}
    sw_rounds = sum(1 for r in rows if r.get("impl") == "rnntk-sweep") // max(1, len(sw))
    if sw and details:
        w("## Linearity: doubling sweeps (forward+BPTT, float64)")
        w("")
        w("rnntk only, %d process(es) per size with 5 timed calls each (the first from the scripted run), "
          "medians." % sw_rounds)
        w("")
        w("| n | T | d | m | time | ns per cell-step | relative to the first row |")
        w("|---|---|---|---|---|---|---|")
        base = None
        for size in sw:
            n, t, d, m = dims(size)
            per = sw[size] / (n * t * m) * 1e9
            base = base or per
            w("| %d | %d | %d | %d | %s | %.2f | %.2f |" % (n, t, d, m, fmt_t(sw[size]), per, per / base))
        w("")
        pers = [sw[z] / (dims(z)[0] * dims(z)[1] * dims(z)[3]) for z in sw]
        w("A cost linear in T and in n·m shows as a constant time per cell-step; here it stays within "
          "%.0f%% – %+.0f%% of the first row over an 8× range of T and of n·m." % (
              (min(pers) / pers[0] - 1) * 100, (max(pers) / pers[0] - 1) * 100))
        w("")
    # --- JAX, every variant
    jrows = defaultdict(list)
    for r in rows:
        if str(r.get("impl", "")).startswith("jax") and "times_s" in r:
            jrows[(r.get("model", "diagonal"), r["op"], r["size"], r["dtype"], r["impl"], r["variant"])].append(r)
    if jrows:
        w("## JAX, every variant")
        w("")
        w("`benchmarks/scripts/peer_jax.py`: compile time (lowering + XLA compilation, or the first call) is "
          "excluded from the timed calls; every call ends in `block_until_ready`. rnntk / JAX uses each row's "
          "median. `jax-glibc`: the same without tcmalloc, once, for what the allocator is worth here.")
        w("")
        w("| model | computation | size | dtype | implementation | variant | compile | time | rnntk / this |")
        w("|---|---|---|---|---|---|---|---|---|")
        rn_key = {("diagonal", "fwdbwd"): "rnntk", ("dense", "fwdbwd"): "rnntk-dense", ("diagonal", "gram"): "rnntk",
                  ("diagonal", "gram-all"): "rnntk"}
        for key in sorted(jrows, key=lambda k: (k[0], k[1], dims(k[2]), k[3], k[4], k[5])):
            model, op, size, dtype, impl, variant = key
            ts = [t_ for r in jrows[key] for t_ in r["times_s"]]
            comp = statistics.median([r["compile_s"] for r in jrows[key]])
            rn = med((rn_key.get((model, op), "rnntk"), op, size, dtype))
            w("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                model, {"fwdbwd": "forward+BPTT", "gram": "last-step Gram", "gram-all": "all-steps Gram"}[op],
                SIZE_NAMES.get(size, size), dtype, impl, variant, fmt_t(comp), spread(ts),
                "%.2f" % (rn / statistics.median(ts)) if rn else "–"))
        w("")
    # --- dense network
    dense_sizes = [sz for sz in (HEADLINE, MID) for dt in ("float64", "float32") if times.get(("rnntk-dense", "fwdbwd", sz, dt))]
    if dense_sizes:
        w("## The dense network: forward+BPTT")
        w("")
        w("z_t = W h_{t−1} + U x_t with W of m × m (`kernels.dense.Nd4jDenseBackend`, `DenseTiming --json`: each "
          "call alternated in the same process with a replay of its own GEMM calls on zero buffers, "
          "`OMP_NUM_THREADS=%d`, OpenBLAS's threads doing the per-step GEMMs), against PyTorch (eager and "
          "TorchScript, `addmm` per step over the hoisted projection, `peer_torch.py --model dense`) and JAX "
          "(`peer_jax.py --model dense`), alternated process by process. GEMM flops per call: %s. The limit "
          "(float64 only) is defined above." % (threads, ", ".join("%s %.3g" % (SIZE_NAMES.get(sz, sz), dense_flops(sz))
                                                                  for sz in (HEADLINE, MID))))
        w("")
        w("| size | dtype | rnntk | its GEMM replay | rnntk / replay | rnntk / limit | PyTorch eager | PyTorch script | best JAX | rnntk / best peer |")
        w("|---|---|---|---|---|---|---|---|---|---|")
        for size in (HEADLINE, MID):
            for dtype in ("float64", "float32"):
                j = med(("rnntk-dense", "fwdbwd", size, dtype))
                if j is None:
                    continue
                rp = med(("dense-gemm-replay", "fwdbwd", size, dtype))
                pe = med(("dense:torch-eager", "fwdbwd", size, dtype))
                ps = med(("dense:torch-script", "fwdbwd", size, dtype))
                jt, jl = best_peer(jax_cands("dense", "fwdbwd"), size, dtype)
                peers = [v for v in (pe, ps, jt) if v]
                w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    SIZE_NAMES.get(size, size), dtype, spread(times[("rnntk-dense", "fwdbwd", size, dtype)]),
                    fmt_t(rp), "%.2f" % (j / rp) if rp else "–",
                    "%.2f" % (j / dense_limit(size)) if dtype == "float64" else "–",
                    fmt_t(pe), fmt_t(ps), "%s (%s)" % (fmt_t(jt), jl) if jt else "–",
                    "%.2f" % (j / min(peers)) if peers else "–"))
        w("")
        hd = med(("rnntk-dense", "fwdbwd", HEADLINE, "float64"))
        if hd:
            peers = [v for v in (med(("dense:torch-eager", "fwdbwd", HEADLINE, "float64")),
                                 med(("dense:torch-script", "fwdbwd", HEADLINE, "float64")),
                                 best_peer(jax_cands("dense", "fwdbwd"), HEADLINE)[0]) if v]
            w("### Targets")
            w("")
            if peers:
                sp = min(peers) / hd
                w("- dense forward+BPTT, headline, float64, ≥ 1.5× faster than the best peer: **%.2f×** — %s." % (
                    sp, "met" if sp >= 1.5 else "missed"))
            rl = hd / dense_limit(HEADLINE)
            w("- the same within 1.5× of its limit: **%.2f×** — %s." % (rl, "met" if rl <= 1.5 else "missed"))
            w("")
    # --- grams
    gram_sizes = [sz for sz in (HEADLINE, MID) if any(k[1].startswith("gram") and k[2] == sz for k in times)]
    for size in gram_sizes:
        n, t, d, m = dims(size)
        gram_py = {k[1]: v for k, v in times.items() if k[0] == "torch-eager" and k[1].startswith("gram-") and k[2] == size}
        gram_j = times.get(("rnntk", "gram", size, "float64"))
        gram_b = times.get(("rnntk-before", "gram", size, "float64"))
        w("## Last-step NTK Gram (n × n), %s size, float64" % SIZE_NAMES.get(size, size))
        w("")
        w("n = %d sequences, T = %d, d = %d, m = %d: J is %d × p with p = m(d+1) = %d. rnntk: "
          "`Ntk.empirical(NtkOptions.defaults().withThreads(%d)).gram(model, data, Loss.LAST_STEP)` "
          "(`JACOBIAN_CONTRACTION`, default block budget), `PeerTiming time --op gram`; PyTorch: "
          "per-sample `torch.autograd.grad` of F_T over the hoisted-projection loop, and functorch "
          "`vmap(jacrev)`, then `J @ J.T` (`peer_torch.py --op gram-autograd|gram-vmap`), %d threads, tuned "
          "malloc; JAX: `peer_jax.py --op gram`, the best of its three variants (section above). Alternated "
          "process by process, %d rounds." % (n, t, d, m, n, m * (d + 1), threads, threads,
                                             max(1, sum(1 for r in rows if r.get("impl") == "rnntk" and r.get("op") == "gram" and r["size"] == size))))
        w("")
        w("| implementation | time | rnntk speed-up against it |")
        w("|---|---|---|")
        jm = statistics.median(gram_j) if gram_j else None
        names = {"gram-autograd": "PyTorch per-sample autograd", "gram-vmap": "PyTorch functorch vmap(jacrev)"}
        for op in ("gram-autograd", "gram-vmap"):
            if op in gram_py:
                pm = statistics.median(gram_py[op])
                w("| %s | %s | %s |" % (names[op], spread(gram_py[op]), "**%.1f×**" % (pm / jm) if jm else "–"))
        jt, jl = best_peer(jax_cands("diagonal", "gram"), size)
        if jt:
            key = ("jax:" + jl, "gram", size, "float64")
            w("| JAX, %s | %s | %s |" % (jl, spread(times[key]), "**%.1f×**" % (jt / jm) if jm else "–"))
        if gram_j:
            w("| rnntk (this commit) | %s | – |" % spread(gram_j))
        if gram_b:
            w("| rnntk before this work (commit %s's `org.rnntk.kernels.ntk` first on the class path) | %s | %.1f× (this commit against it) |" % (
                next((r.get("commit", "?") for r in rows if r.get("mode") == "gram-before"), "?"), spread(gram_b), statistics.median(gram_b) / jm))
        w("")
        per_round = []
        jr = [statistics.median(r["times_s"]) for r in rows if r.get("impl") == "rnntk" and r.get("op") == "gram" and r["size"] == size]
        ar = [statistics.median(r["times_s"]) for r in rows if r.get("op") == "gram-autograd" and r["size"] == size]
        vr = [statistics.median(r["times_s"]) for r in rows if r.get("op") == "gram-vmap" and r["size"] == size]
        for a, b, c in zip(jr, ar, vr):
            per_round.append("%.1f× / %.1f×" % (b / a, c / a))
        if per_round:
            w("Per round (each round's process medians), speed-up against autograd / vmap: %s." % ", ".join(per_round))
            w("")
        if size == HEADLINE and gram_j and gram_py:
            w("### Targets")
            w("")
            if "gram-autograd" in gram_py:
                r = statistics.median(gram_py["gram-autograd"]) / jm
                w("- last-step Gram, n = %d, headline, ≥ 5× faster than PyTorch per-sample autograd: **%.1f×** — %s." % (
                    n, r, "met" if r >= 5 else "missed by %.0f%%" % ((1 - r / 5) * 100)))
            if "gram-vmap" in gram_py:
                r = statistics.median(gram_py["gram-vmap"]) / jm
                w("- the same no slower than functorch vmap(jacrev): **%.1f×** — %s." % (r, "met" if r >= 1 else "missed"))
            w("")
    # The Grams' targets: within 1.5x of the limit and at least 2x faster than JAX.
    gram_targets = []
    for op, label in (("gram", "last-step"), ("gram-all", "all-steps")):
        for size in (HEADLINE, MID):
            j = med(("rnntk", op, size, "float64"))
            if j is None:
                continue
            rl = j / sum(gram_limit(op, size))
            jt, _ = best_peer(jax_cands("diagonal", op), size)
            gram_targets.append("- %s Gram, %s: %.2f× its limit (target ≤ 1.5: %s)%s." % (
                label, SIZE_NAMES.get(size, size), rl, "met" if rl <= 1.5 else "missed",
                "; %.2f× faster than the best JAX variant (target ≥ 2: %s)" % (jt / j, "met" if jt / j >= 2 else "missed")
                if jt else ""))
    if gram_targets:
        w("## The Grams' targets")
        w("")
        for line in gram_targets:
            w(line)
        w("")
    # --- gram scaling
    gp = [r for r in rows if r.get("mode") == "gram-profile"]
    if gp and details:
        w("## Where the Gram's time goes, and how it scales with n")
        w("")
        w("Last-step Gram, T = 64, d = 32, m = 1024 (p = 33 792), float64, %d threads, one process per n "
          "(`PeerTiming gram-profile`, medians over its timed calls; each phase timed inside the call by "
          "a `KernelProfiler` in the kernel's `NtkOptions`). Jacobian = Z = X Uᵀ GEMM + fused forward/γ recursions + Γᵀ X GEMMs (all ∝ n); "
          "contraction = K = J Jᵀ over the upper triangle of 64-row sub-tiles (∝ n²p); setup = argument "
          "checks, copies and uploads of the parameters and of X, the output array; result = the `GramMatrix` "
          "record (validation, defensive copy); other = total minus the phases. Every column is a median over "
          "the calls on its own, so the phases need not add up to the total: 'other' is only indicative and "
          "can come out slightly negative." % threads)
        w("")
        w("| n | total | projection | recurrences | Γᵀ X | Jacobian (sum) | contraction | setup | result | other | contraction share | Jacobian per sequence | contraction GFLOP/s (n(n+1)p flops) |")
        w("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in sorted(gp, key=lambda r: dims(r["size"])[0]):
            n, t, d, m = dims(r["size"])
            p = m * (d + 1)
            jac = r["projection_s"] + r["recurrences_s"] + r["gamma_x_s"]
            con = r["contraction_s"]
            setup = r.get("setup_s")
            result = r.get("result_s")
            other = r["total_s"] - jac - con - (setup or 0) - (result or 0)
            w("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f%% | %s | %.1f |" % (
                n, fmt_t(r["total_s"]), fmt_t(r["projection_s"]), fmt_t(r["recurrences_s"]), fmt_t(r["gamma_x_s"]),
                fmt_t(jac), fmt_t(con), fmt_t(setup), fmt_t(result), fmt_t(other) if other >= 0 else "−" + fmt_t(-other), 100 * con / r["total_s"], fmt_t(jac / n),
                (n * n * p + n * p) / con / 1e9))
        w("")
        gs = sorted(gp, key=lambda r: dims(r["size"])[0])
        lo, hi = gs[0], gs[-1]
        n0, n1 = dims(lo["size"])[0], dims(hi["size"])[0]
        jac = lambda r: r["projection_s"] + r["recurrences_s"] + r["gamma_x_s"]
        cross = n1 * jac(hi) / hi["contraction_s"]
        w("From n = %d to n = %d (%d×) the Jacobian's time grows %.0f× (per sequence it stays between %s and %s: "
          "linear in n) and the contraction's %.0f× (n² grows %d×; the contraction's GEMMs get more efficient as "
          "the sub-tiles fill up, last column), so the contraction's share rises from %.0f%% to %.0f%%. "
          "Extrapolating from n = %d (contraction ∝ n², Jacobian ∝ n), the two are equal at n ≈ %.0f and the "
          "contraction dominates beyond: at the sizes measured here the Jacobian is still the larger part. "
          "The contraction needs n(n+1)p flops (the symmetric half of J Jᵀ, counted in the last column); the "
          "64-row sub-tiles compute ≈ (1 + 64/n)/2 of the full 2n²p." % (
              n0, n1, n1 // n0, jac(hi) / jac(lo), fmt_t(min(jac(r) / dims(r["size"])[0] for r in gs)),
              fmt_t(max(jac(r) / dims(r["size"])[0] for r in gs)), hi["contraction_s"] / lo["contraction_s"],
              (n1 // n0) ** 2, 100 * lo["contraction_s"] / lo["total_s"], 100 * hi["contraction_s"] / hi["total_s"],
              n1, cross))
        w("")
    # --- memory
    mem = [r for r in rows if r.get("mode") == "memory"]
    if mem and details:
        w("## Memory (headline size, float64)")
        w("")
        first = next((r for r in mem if r.get("phase") == "fwdbwd"), None)
        if first:
            w("After the first forward+BPTT call (fresh JVM, `-Xmx12g`):")
            w("")
            w("| | |")
            w("|---|---|")
            w("| retained heap (after GC) | +%.0f MB (no n·T·m array: one chunk of H per thread; all of H would be %.0f MB) |" % (
                first["heap_retained_mb"], dims(HEADLINE)[0] * dims(HEADLINE)[1] * dims(HEADLINE)[3] * 8 / 1e6))
            w("| peak heap-pool usage | %.0f MB (includes garbage not yet collected) |" % first["heap_peak_pools_mb"])
            w("| off-heap buffers held (X, U, ∂Uᵀ per group, one tile per thread; JavaCPP's allocation count) | %.1f MB |" % first["javacpp_tracked_mb"])
            w("| process RSS / high-water mark | %.0f MB / %.0f MB (heap committed %.0f MB, JVM non-heap %.0f MB; the rest is ND4J/OpenBLAS native memory incl. the buffers above) |" % (
                first["rss_mb"], first["hwm_mb"], first["heap_committed_mb"], first["nonheap_mb"]))
            w("")
        pg = [r for r in mem if r.get("phase") == "pgd"]
        if pg:
            w("Along %d PGD iterations (`Training.run`, same backend):" % pg[-1]["iteration"])
            w("")
            w("| iteration | loss | retained heap (after GC) | heap committed | process RSS |")
            w("|---|---|---|---|---|")
            for r in pg:
                w("| %d | %.6g | %.1f MB | %.0f MB | %.0f MB |" % (r["iteration"], r["loss"], r["heap_retained_mb"], r["heap_committed_mb"], r["rss_mb"]))
            growth = pg[-1]["heap_retained_mb"] - pg[0]["heap_retained_mb"]
            rgrowth = pg[-1]["rss_mb"] - pg[0]["rss_mb"]
            mid = pg[len(pg) // 2]
            w("")
            w("Growth from the first to the last sample: retained heap %+.1f MB, RSS %+.0f MB, of which %+.0f MB "
              "from iteration %d on (RSS also moves with the collector's heap sizing and the JIT's code; "
              "nothing proportional to the data is allocated per call)." % (
                  growth, rgrowth, pg[-1]["rss_mb"] - mid["rss_mb"], mid["iteration"]))
        done = next((r for r in mem if r.get("phase") == "pgd-done"), None)
        if done:
            w("The %d iterations took %s." % (pg[-1]["iteration"], fmt_t(done["seconds"])))
        w("")
    w("## Design notes")
    w("")
    w("Why the kernels are built as they are, each choice with the measurements behind it: "
      "[tiles](design/tiles.md), [three ways to reach a tile](design/tile-access.md), "
      "[FastTanh](design/fast-tanh.md), [OpenBLAS called directly](design/openblas.md), "
      "[threads](design/threads.md); the development log of the kernels and of every scripted run: "
      "[design/kernel-measurements.md](design/kernel-measurements.md). The per-phase profile, the "
      "linearity sweeps, the Gram's scaling in n and the memory figures of a run: "
      "`report.py --details RESULTS OUT` (compare.sh writes them to `benchmarks/target/benchmarks-details.md`).")
    w("")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        f.write("\n".join(L))
        f.write("\n")


if __name__ == "__main__":
    args = sys.argv[1:]
    details = "--details" in args
    args = [a for a in args if a != "--details"]
    if len(args) not in (2, 3):
        sys.exit(__doc__)
    main(args[0], args[1], args[2] if len(args) > 2 else None, details)

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


def main(src, out, archive=None, details=False):
    rows = load(src)
    meta = next(r for r in rows if r.get("mode") == "meta")
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
            times[(r["impl"], r["op"], r["size"], r.get("dtype", "float64"))].extend(r["times_s"])

    def med(key):
        v = times.get(key)
        return statistics.median(v) if v else None

    L = []
    w = L.append
    w("# rnntk performance")
    w("")
    w("Written by `benchmarks/scripts/compare.sh` from the JSONL it writes under `benchmarks/target/` "
      "(do not edit by hand; rerun it). Why the kernels are built as they are, with the measurements "
      "behind each choice: [docs/design/](design/README.md). Every number below was "
      "measured in the same run, on the same machine, rnntk and PyTorch alternated process by process "
      "(%s rounds); times are medians over all timed calls with [min – max]." % max(1, sum(1 for r in rows if r.get("mode") == "profile")))
    w("")
    if archive:
        w("Sections that were not measured in this run say so and name their raw data.")
        w("")
    w("## Machine and settings")
    w("")
    w("| | |")
    w("|---|---|")
    cpu = meta["cpu"] + (" (%s)" % meta["cpu_kind"] if meta.get("cpu_kind") else "")
    w("| CPU | %s, %s cores, %s GiB |" % (cpu, meta["cores"], meta["mem_gib"]))
    w("| JDK | %s |" % meta["jdk"])
    w("| PyTorch | %s (Debian python3-torch), `torch.set_num_threads(%d)`, eager and TorchScript loops, tuned glibc malloc |" % (meta["torch"], threads))
    w("| rnntk | commit %s, `Nd4jBackend.create(precision, %d)`, `OMP_NUM_THREADS=1` (ND4J/OpenBLAS single-threaded) |" % (meta["git"], threads))
    vec_status = next((r["vector_api"] for r in rows if r.get("impl") == "rnntk" and "vector_api" in r), None)
    if vec_status:
        w("| rnntk's Vector API kernels | %s: `java --add-modules jdk.incubator.vector` (docs/design/tile-access.md); the same jar without it is alternated in every round (\"without the Vector API\" below) |" % vec_status)
    w("| threads | %d on both sides |" % threads)
    w("| date | %s → %s |" % (meta["date"], meta_end.get("date", "?")))
    w("| load average (1/5/15 min) | %s before, %s after (a virtual machine whose host is shared: absolute times drift between runs, ratios measured side by side do not) |" % (meta["load_before"], meta_end.get("load_after", "?")))
    w("")
    w("Sizes: n sequences × T steps, input dimension d, width m. Headline n=256 T=64 d=32 m=1024 "
      "(16.8 M cell-steps); mid n=64 T=64 d=32 m=256; overhead-bound n=1 T=1000 d=16 m=256.")
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
        w("`PeerTiming profile`: each phase timed inside the call (`internal.RnnProfile`, medians over rounds). "
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
    # --- gram
    gram_py = {k[1]: v for k, v in times.items() if k[1].startswith("gram-") and k[2] == HEADLINE}
    gram_j = times.get(("rnntk", "gram", HEADLINE, "float64"))
    gram_b = times.get(("rnntk-before", "gram", HEADLINE, "float64"))
    if gram_py or gram_j:
        w("## Last-step NTK Gram (n × n), headline size, float64")
        w("")
        w("n = 256 sequences, T = 64, d = 32, m = 1024: J is 256 × p with p = m(d+1) = 33 792. rnntk: "
          "`Ntk.empirical(NtkOptions.defaults().withThreads(%d)).gram(model, data, Loss.LAST_STEP)` "
          "(`JACOBIAN_CONTRACTION`, 256 MiB budget: one block), `PeerTiming time --op gram`; PyTorch: "
          "per-sample `torch.autograd.grad` of F_T over the hoisted-projection loop, and functorch "
          "`vmap(jacrev)`, then `J @ J.T` (`peer_torch.py --op gram-autograd|gram-vmap`), %d threads, tuned "
          "malloc. Alternated process by process, %d rounds (rnntk 5 timed calls per process after a 2 s "
          "warm-up, PyTorch 3 after one)." % (threads, threads, max(1, sum(1 for r in rows if r.get("impl") == "rnntk" and r.get("op") == "gram"))))
        w("")
        w("| implementation | time | rnntk speed-up against it |")
        w("|---|---|---|")
        jm = statistics.median(gram_j) if gram_j else None
        names = {"gram-autograd": "PyTorch per-sample autograd", "gram-vmap": "PyTorch functorch vmap(jacrev)"}
        for op in ("gram-autograd", "gram-vmap"):
            if op in gram_py:
                pm = statistics.median(gram_py[op])
                w("| %s | %s | %s |" % (names[op], spread(gram_py[op]), "**%.1f×**" % (pm / jm) if jm else "–"))
        if gram_j:
            w("| rnntk (this commit) | %s | – |" % spread(gram_j))
        if gram_b:
            w("| rnntk before this work (commit %s's `org.rnntk.kernels.ntk` first on the class path) | %s | %.1f× (this commit against it) |" % (
                next((r.get("commit", "?") for r in rows if r.get("mode") == "gram-before"), "?"), spread(gram_b), statistics.median(gram_b) / jm))
        w("")
        per_round = []
        jr = [statistics.median(r["times_s"]) for r in rows if r.get("impl") == "rnntk" and r.get("op") == "gram"]
        ar = [statistics.median(r["times_s"]) for r in rows if r.get("op") == "gram-autograd"]
        vr = [statistics.median(r["times_s"]) for r in rows if r.get("op") == "gram-vmap"]
        for a, b, c in zip(jr, ar, vr):
            per_round.append("%.1f× / %.1f×" % (b / a, c / a))
        if per_round:
            w("Per round (each round's process medians), speed-up against autograd / vmap: %s." % ", ".join(per_round))
            w("")
        if gram_j and gram_py:
            w("### Targets")
            w("")
            if "gram-autograd" in gram_py:
                r = statistics.median(gram_py["gram-autograd"]) / jm
                w("- last-step Gram, n = 256, headline, ≥ 5× faster than PyTorch per-sample autograd: **%.1f×** — %s." % (
                    r, "met" if r >= 5 else "missed by %.0f%%" % ((1 - r / 5) * 100)))
            if "gram-vmap" in gram_py:
                r = statistics.median(gram_py["gram-vmap"]) / jm
                w("- the same no slower than functorch vmap(jacrev): **%.1f×** — %s." % (r, "met" if r >= 1 else "missed"))
            w("")
    # --- gram scaling
    gp = [r for r in rows if r.get("mode") == "gram-profile"]
    if gp and details:
        w("## Where the Gram's time goes, and how it scales with n")
        w("")
        w("Last-step Gram, T = 64, d = 32, m = 1024 (p = 33 792), float64, %d threads, one process per n "
          "(`PeerTiming gram-profile`, medians over its timed calls; each phase timed inside the call by "
          "`NtkProfile`). Jacobian = Z = X Uᵀ GEMM + fused forward/γ recursions + Γᵀ X GEMMs (all ∝ n); "
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

#!/usr/bin/env python3
"""The JAX CPU peer of rnntk, written as a neural-tangents user reasonably would.

Models (--model):
  diagonal  z_t = w * h_{t-1} + U x_t    dense  z_t = W h_{t-1} + U x_t
  h_t = tanh(z_t),  F_t = c . h_t / sqrt(m),  R = mean_{j,t} (F - Y)^2 / 2   (c fixed, h_0 = 0)

* float64 through jax_enable_x64, set before jax is imported;
* the process is pinned to --threads cores with sched_setaffinity before jax is imported (XLA's thread
  pool follows the affinity mask); run it with tcmalloc preloaded (compare.sh does: XLA's buffers
  page-fault on every call under glibc malloc on these VMs), the row says which allocator was loaded;
* jax.jit of value_and_grad; the input projection is one 2-D matmul over all steps (time-major), then
  lax.scan over time; with and without jax.checkpoint on the step (both timed, the report takes the
  faster);
* compile time is excluded from the timed calls and reported (compile_s); every call ends in
  block_until_ready.

Operations (--op):
  fwdbwd    loss and gradient with respect to (w or W, U)
  gram      last-step NTK Gram K = J J^T (n x n), J = dF_T/d(w, U); variants: vmap-jacrev (vmap over
            sequences of jacrev), reverse-per-seq (lax.map over sequences of grad), forward (structured
            forward mode: units do not interact, so d+1 jvps of the hidden states over the whole batch give
            every unit's derivatives at once)
  gram-all  all-steps Gram (nT x nT, row q = j*T + t); variants: forward (d+1 jvps, K accumulated
            block by block, J never formed), vmap-jacrev (sequences in chunks, J formed: skipped when J
            would exceed --max-jacobian-gb)
Data: the recipe of peer_torch.py (inputs with ||x_t|| <= 1, targets in [-1, 1], a mirrored
initialization perturbed off Theta(0)), drawn with numpy.

--self-test FILE  reads the JSON of `PeerTiming check` (a small problem and rnntk's results) and checks
                  every implementation here against it (outputs, loss, gradients, both Grams, and the
                  dense model's outputs, loss and gradients); prints one JSON row, exits 1 on a mismatch.
Prints one JSON object per line, like org.rnntk.benchmarks.jmh.PeerTiming.
"""
import argparse
import json
import math
import os
import sys
import time


def _pin(threads):
    cpus = sorted(os.sched_getaffinity(0))
    if threads > len(cpus):
        raise SystemExit("--threads %d: only %d CPUs available to this process" % (threads, len(cpus)))
    os.sched_setaffinity(0, set(cpus[:threads]))


def _allocator():
    with open("/proc/self/maps") as f:
        return "tcmalloc" if "tcmalloc" in f.read() else "glibc"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="diagonal", choices=["diagonal", "dense"])
    p.add_argument("--op", default="fwdbwd", choices=["fwdbwd", "gram", "gram-all"])
    p.add_argument("--size", default="256,64,32,1024", help="n,T,d,m")
    p.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--variants", default="", help="comma-separated subset of the op's variants (default all)")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--max-jacobian-gb", type=float, default=3.0,
                   help="gram-all vmap-jacrev forms J (nT x m(d+1)): skipped above this size")
    p.add_argument("--self-test", metavar="FILE", help="the JSON line of `PeerTiming check`")
    return p.parse_args(argv)


ARGS = parse_args() if __name__ == "__main__" else None
if ARGS is not None:
    _pin(ARGS.threads)
os.environ["JAX_ENABLE_X64"] = "1"
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402  (after the affinity mask and x64 are set)
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402

jax.config.update("jax_enable_x64", True)


# --- problems ---------------------------------------------------------------------------------------

def make_problem(n, steps, d, m, dtype, seed=1):
    """peer_torch.make_problem's recipe: x (n, T, d), y (n, T), U (m, d), w (m,), c (m,)."""
    g = np.random.default_rng(seed)
    x = g.standard_normal((n, steps, d))
    x *= g.random((n, steps, 1)) / np.linalg.norm(x, axis=2, keepdims=True)
    y = g.random((n, steps)) * 2 - 1
    half = m // 2
    u_half = g.standard_normal((half, d))
    w_half = g.random(half) - 0.5
    c_half = np.where(g.random(half) < 0.5, 1.0, -1.0)
    u = np.concatenate([u_half, u_half]) + 0.01 * g.standard_normal((m, d))
    w = np.concatenate([w_half, w_half]) + 0.01 * g.standard_normal(m)
    c = np.concatenate([c_half, -c_half])
    return tuple(a.astype(dtype) for a in (x, y, u, w, c))


def make_dense_problem(n, steps, d, m, dtype, seed=1):
    """The dense network of DenseTiming: W = diag(A, A) with A orthogonal of spectral radius 0.9, mirrored
    U and c, W perturbed by 0.01/sqrt(m) Gaussian noise. x (n, T, d), y (n, T), U (m, d), W (m, m), c (m,)."""
    x, y, _, _, _ = make_problem(n, steps, d, m, np.float64, seed)
    g = np.random.default_rng(seed + 1)
    half = m // 2
    q, r = np.linalg.qr(g.standard_normal((half, half)))
    a = 0.9 * q * np.sign(np.diag(r))
    w = np.zeros((m, m))
    w[:half, :half] = a
    w[half:, half:] = a
    w += 0.01 * g.standard_normal((m, m)) / math.sqrt(m)
    u_half = g.standard_normal((half, d)) / math.sqrt(d)
    u = np.concatenate([u_half, u_half])
    c_half = np.where(g.random(half) < 0.5, 1.0, -1.0)
    c = np.concatenate([c_half, -c_half])
    return tuple(a.astype(dtype) for a in (x, y, u, w, c))


# --- the models, time-major -------------------------------------------------------------------------

def _projection(u, xt):
    """Z (T, n, m) = X U^T as one 2-D matmul over all steps; xt is (T, n, d)."""
    steps, n, d = xt.shape
    return (xt.reshape(steps * n, d) @ u.T).reshape(steps, n, u.shape[0])


def _scan(step, h0, z, checkpoint):
    if checkpoint:
        step = jax.checkpoint(step)
    return lax.scan(step, h0, z)


def hidden_all(w, u, xt, dense=False, checkpoint=False):
    """H (T, n, m)."""
    z = _projection(u, xt)

    def step(h, zt):
        h = jnp.tanh((h @ w.T if dense else w * h) + zt)
        return h, h

    return _scan(step, jnp.zeros(z.shape[1:], z.dtype), z, checkpoint)[1]


def hidden_last(w, u, xt, dense=False, checkpoint=False):
    """h_T (n, m), carrying only the state."""
    z = _projection(u, xt)

    def step(h, zt):
        return jnp.tanh((h @ w.T if dense else w * h) + zt), None

    return _scan(step, jnp.zeros(z.shape[1:], z.dtype), z, checkpoint)[0]


def loss_fn(params, xt, yt, c, dense=False, checkpoint=False):
    w, u = params
    f = hidden_all(w, u, xt, dense, checkpoint) @ c / math.sqrt(c.shape[0])  # (T, n)
    return 0.5 * jnp.mean((f - yt) ** 2)


def fwdbwd_fn(dense, checkpoint):
    return jax.jit(jax.value_and_grad(lambda p, xt, yt, c: loss_fn(p, xt, yt, c, dense, checkpoint)))


def outputs_fn(w, u, xt, c, dense=False):
    """F (n, T)."""
    return (hidden_all(w, u, xt, dense) @ c / math.sqrt(c.shape[0])).T


# --- Grams (diagonal model) -------------------------------------------------------------------------

def _f_last_one(w, u, xs, c):
    """F_T of one sequence xs (T, d)."""
    return hidden_last(w, u, xs[:, None, :])[0] @ c / math.sqrt(c.shape[0])


def _f_all_one(w, u, xs, c):
    """F_1..F_T of one sequence xs (T, d)."""
    return hidden_all(w, u, xs[:, None, :])[:, 0, :] @ c / math.sqrt(c.shape[0])


def _rows(jw, ju):
    """J rows from the (w, U) parts: (..., m) and (..., m, d) -> (rows, m(d+1))."""
    lead = jw.shape[:-1]
    rows = int(np.prod(lead))
    return jnp.concatenate([jw.reshape(rows, -1), ju.reshape(rows, -1)], axis=1)


def gram_last_vmap_jacrev(w, u, x, c):
    jw, ju = jax.vmap(jax.jacrev(_f_last_one, argnums=(0, 1)), in_axes=(None, None, 0, None))(w, u, x, c)
    j = _rows(jw, ju)
    return j @ j.T


def gram_last_reverse_per_seq(w, u, x, c):
    jw, ju = lax.map(lambda xs: jax.grad(_f_last_one, argnums=(0, 1))(w, u, xs, c), x)
    j = _rows(jw, ju)
    return j @ j.T


def _tangent(k, m, d, dtype):
    """Direction k of the structured forward mode: k = 0 moves every w_i, k >= 1 every U_{i,k-1}."""
    dw = jnp.where(k == 0, 1.0, 0.0).astype(dtype) * jnp.ones((m,), dtype)
    du = (jnp.arange(d) == k - 1).astype(dtype)[None, :] * jnp.ones((m, 1), dtype)
    return dw, du


def gram_last_forward(w, u, x, c):
    """Units do not interact: the jvp of h_T along 'every w_i' is dh_T^i/dw_i for all i at once."""
    m, d = u.shape
    xt = jnp.swapaxes(x, 0, 1)

    def block(k):
        dw, du = _tangent(k, m, d, u.dtype)
        return jax.jvp(lambda w_, u_: hidden_last(w_, u_, xt), (w, u), (dw, du))[1]  # (n, m)

    g = jax.vmap(block)(jnp.arange(d + 1)) * (c / math.sqrt(m))  # (d+1, n, m)
    j = jnp.swapaxes(g, 0, 1).reshape(x.shape[0], -1)
    return j @ j.T


def gram_all_forward(w, u, x, c):
    """All-steps: d+1 jvps of the whole trajectory, K accumulated block by block (J never formed)."""
    m, d = u.shape
    n, steps = x.shape[:2]
    xt = jnp.swapaxes(x, 0, 1)

    def body(k, acc):
        dw, du = _tangent(k, m, d, u.dtype)
        dh = jax.jvp(lambda w_, u_: hidden_all(w_, u_, xt), (w, u), (dw, du))[1]  # (T, n, m)
        b = (jnp.swapaxes(dh, 0, 1) * (c / math.sqrt(m))).reshape(n * steps, m)
        return acc + b @ b.T

    return lax.fori_loop(0, d + 1, body, jnp.zeros((n * steps, n * steps), u.dtype))


_jac_all_chunk = jax.jit(jax.vmap(jax.jacrev(_f_all_one, argnums=(0, 1)), in_axes=(None, None, 0, None)))
_contract = jax.jit(lambda j: j @ j.T)


def gram_all_vmap_jacrev(w, u, x, c, chunk=16):
    """vmap(jacrev) over chunks of sequences (memory), J = (nT, p) formed, then J J^T."""
    parts = [_rows(*_jac_all_chunk(w, u, x[s:s + chunk], c)) for s in range(0, x.shape[0], chunk)]
    return _contract(jnp.concatenate(parts))


GRAMS = {
    "gram": {"vmap-jacrev": gram_last_vmap_jacrev, "reverse-per-seq": gram_last_reverse_per_seq,
             "forward": gram_last_forward},
    "gram-all": {"forward": gram_all_forward, "vmap-jacrev": gram_all_vmap_jacrev},
}
UNJITTED = {"vmap-jacrev@gram-all"}  # a Python loop over jitted chunks


# --- timing -----------------------------------------------------------------------------------------

def _block(out):
    return jax.tree_util.tree_map(lambda a: a.block_until_ready(), out)


def time_variant(call, args, warmup, reps, jit=True):
    """(compile seconds, timed seconds): compile = lowering + XLA compilation (or the first call)."""
    t0 = time.perf_counter()
    if jit:
        call = jax.jit(call).lower(*args).compile()
    else:
        _block(call(*args))
    compile_s = time.perf_counter() - t0
    for _ in range(warmup):
        _block(call(*args))
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        _block(call(*args))
        times.append(time.perf_counter() - t0)
    return compile_s, times


def run(args):
    n, steps, d, m = (int(v) for v in args.size.split(","))
    dtype = np.float64 if args.dtype == "float64" else np.float32
    dense = args.model == "dense"
    if dense and args.op != "fwdbwd":
        raise SystemExit("--model dense: only --op fwdbwd")
    if args.op != "fwdbwd" and args.dtype != "float64":
        raise SystemExit("--op %s: float64 only" % args.op)
    x, y, u, w, c = (jnp.asarray(a) for a in (make_dense_problem if dense else make_problem)(n, steps, d, m, dtype))
    if args.op == "fwdbwd":
        variants = {"scan": False, "scan-checkpoint": True}
    else:
        variants = GRAMS[args.op]
    chosen = [v for v in args.variants.split(",") if v] or list(variants)
    for v in chosen:
        if v not in variants:
            raise SystemExit("--variants %s: expected some of %s" % (v, ",".join(variants)))
    common = {"impl": "jax", "model": args.model, "op": args.op, "size": args.size, "dtype": args.dtype,
              "threads": args.threads, "cpus": len(os.sched_getaffinity(0)), "allocator": _allocator(),
              "jax": jax.__version__}
    for v in chosen:
        row = dict(common, variant=v)
        if args.op == "fwdbwd":
            xt, yt = jnp.swapaxes(x, 0, 1), y.T
            compile_s, times = time_variant(fwdbwd_fn(dense, variants[v]), ((w, u), xt, yt, c), args.warmup, args.reps,
                                            jit=False)
            # fwdbwd_fn is already jitted: its first call is its compilation
        else:
            jac_gb = n * steps * m * (d + 1) * 8 / 1e9
            if args.op == "gram-all" and v == "vmap-jacrev" and jac_gb > args.max_jacobian_gb:
                print(json.dumps(dict(row, skipped="J would take %.1f GB (--max-jacobian-gb %.1f)" % (
                    jac_gb, args.max_jacobian_gb))), flush=True)
                continue
            jit = ("%s@%s" % (v, args.op)) not in UNJITTED
            warm = min(args.warmup, 1)
            compile_s, times = time_variant(variants[v], (w, u, x, c), warm, args.reps, jit=jit)
        print(json.dumps(dict(row, compile_s=compile_s, times_s=times)), flush=True)


# --- self-test against rnntk ------------------------------------------------------------------------

def self_test(path):
    with open(path) as f:
        ref = next(json.loads(line) for line in f if line.lstrip().startswith("{") and '"check"' in line)
    n, steps, d, m = (int(v) for v in ref["size"].split(","))
    a = {k: np.asarray(v, dtype=np.float64) for k, v in ref.items() if isinstance(v, list)}
    x = jnp.asarray(a["x"].reshape(n, steps, d))
    y = jnp.asarray(a["y"].reshape(n, steps))
    xt, yt = jnp.swapaxes(x, 0, 1), y.T
    errors = {}

    def compare(name, got, want):
        got, want = np.asarray(got, dtype=np.float64).ravel(), np.asarray(want).ravel()
        errors[name] = float(np.max(np.abs(got - want)) / max(np.max(np.abs(want)), 1e-300))

    w, u, c = jnp.asarray(a["w"]), jnp.asarray(a["u"].reshape(m, d)), jnp.asarray(a["c"])
    compare("outputs", outputs_fn(w, u, xt, c), a["outputs"])
    for v, ck in (("scan", False), ("scan-checkpoint", True)):
        loss, (gw, gu) = fwdbwd_fn(False, ck)((w, u), xt, yt, c)
        compare("loss/" + v, loss, a["loss"])
        compare("grad_w/" + v, gw, a["grad_w"])
        compare("grad_u/" + v, gu, a["grad_u"])
    for op, key in (("gram", "gram_last"), ("gram-all", "gram_all")):
        for v, fn in GRAMS[op].items():
            compare("%s/%s" % (key, v), fn(w, u, x, c), a[key])
    wd, ud, cd = (jnp.asarray(a["dense_w"].reshape(m, m)), jnp.asarray(a["dense_u"].reshape(m, d)),
                  jnp.asarray(a["dense_c"]))
    compare("dense_outputs", outputs_fn(wd, ud, xt, cd, dense=True), a["dense_outputs"])
    for v, ck in (("scan", False), ("scan-checkpoint", True)):
        loss, (gw, gu) = fwdbwd_fn(True, ck)((wd, ud), xt, yt, cd)
        compare("dense_loss/" + v, loss, a["dense_loss"])
        compare("dense_grad_w/" + v, gw, a["dense_grad_w"])
        compare("dense_grad_u/" + v, gu, a["dense_grad_u"])
    tolerance = 1e-11
    worst = max(errors, key=errors.get)
    passed = errors[worst] <= tolerance
    print(json.dumps({"mode": "peer-self-test", "impl": "jax", "size": ref["size"], "tolerance": tolerance,
                      "passed": passed, "worst": worst, "max_rel_err": errors, "jax": jax.__version__}), flush=True)
    return passed


def main():
    if ARGS.self_test:
        sys.exit(0 if self_test(ARGS.self_test) else 1)
    run(ARGS)


if __name__ == "__main__":
    main()

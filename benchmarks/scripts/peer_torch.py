#!/usr/bin/python3
"""The PyTorch CPU peer of rnntk's diagonal RNN (and of its dense one), written as well as a user reasonably would.

    z_t = w * h_{t-1} + U x_t,  h_t = tanh(z_t),  F_t = c . h_t / sqrt(m),  R = mean_{j,t} (F - Y)^2 / 2
    --model dense: z_t = W h_{t-1} + U x_t (W of m x m), ops forward and fwdbwd

* the input projection is hoisted: Z = X U^T for all steps in one matmul;
* the loop iterates over Z.unbind(1) (slicing Z[:, t] inside the autograd loop costs O(T^2) in backward);
* torch.set_num_threads equals the Java side's threads; same dtype on both sides;
* run it under the glibc malloc settings of compare.sh (they cut the headline float64 time ~10x here);
* two loop flavours: eager and TorchScript (torch.jit.script); the report uses the faster per size.

Operations (--op): forward (no_grad), fwdbwd (loss + backward to w and U), pgd (fwdbwd + projected
update), gram-autograd and gram-vmap (last-step NTK Gram J J^T by per-sample autograd, and by
functorch vmap(jacrev)), gram-all-vmap (all-steps Gram, nT x nT: functorch vmap(jacrev) over chunks of
sequences, J formed, then J J^T; skipped when J would exceed --max-jacobian-gb), gram-forward and
gram-all-forward (both Grams by structured forward mode: d+1 forward-AD passes, K accumulated). Prints one JSON object
per line, like org.rnntk.benchmarks.jmh.PeerTiming.
"""
import argparse
import json
import math
import time

import torch


def make_problem(n, steps, d, m, dtype, seed=1):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, steps, d, generator=g, dtype=dtype)
    scale = torch.rand(n, steps, 1, generator=g, dtype=dtype) / x.norm(dim=2, keepdim=True)
    x = x * scale                                           # ||x_t|| <= 1
    y = torch.rand(n, steps, generator=g, dtype=dtype) * 2 - 1
    half = m // 2
    u_half = torch.randn(half, d, generator=g, dtype=dtype)
    w_half = torch.rand(half, generator=g, dtype=dtype) - 0.5
    c_half = torch.where(torch.rand(half, generator=g) < 0.5, 1.0, -1.0).to(dtype)
    u = torch.cat([u_half, u_half]) + 0.01 * torch.randn(m, d, generator=g, dtype=dtype)
    w = torch.cat([w_half, w_half]) + 0.01 * torch.randn(m, generator=g, dtype=dtype)
    c = torch.cat([c_half, -c_half])
    return x, y, u, w, c


def make_dense_problem(n, steps, d, m, dtype, seed=1):
    """The dense network of DenseTiming (and peer_jax.make_dense_problem's recipe): W = diag(A, A) with A
    orthogonal of spectral radius 0.9, mirrored U and c, W perturbed by 0.01/sqrt(m) Gaussian noise."""
    x, y, _, _, _ = make_problem(n, steps, d, m, dtype, seed)
    g = torch.Generator().manual_seed(seed + 1)
    half = m // 2
    q, r = torch.linalg.qr(torch.randn(half, half, generator=g, dtype=torch.float64))
    a = 0.9 * q * torch.sign(torch.diagonal(r))
    w = torch.zeros(m, m, dtype=torch.float64)
    w[:half, :half] = a
    w[half:, half:] = a
    w += 0.01 * torch.randn(m, m, generator=g, dtype=torch.float64) / math.sqrt(m)
    u_half = torch.randn(half, d, generator=g, dtype=torch.float64) / math.sqrt(d)
    c_half = torch.where(torch.rand(half, generator=g) < 0.5, 1.0, -1.0).to(torch.float64)
    return x, y, torch.cat([u_half, u_half]).to(dtype), w.to(dtype), torch.cat([c_half, -c_half]).to(dtype)


def recurrence_dense_eager(z, w):
    """H (n, T, m) from Z (n, T, m), h_t = tanh(z_t + h_{t-1} W^T)."""
    h = torch.zeros_like(z[:, 0])
    wt = w.t()
    hs = []
    for zt in z.unbind(1):
        h = torch.tanh(torch.addmm(zt, h, wt))
        hs.append(h)
    return torch.stack(hs, 1)


@torch.jit.script
def recurrence_dense_script(z: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    h = torch.zeros_like(z[:, 0])
    wt = w.t()
    hs = []
    for zt in z.unbind(1):
        h = torch.tanh(torch.addmm(zt, h, wt))
        hs.append(h)
    return torch.stack(hs, 1)


def recurrence_eager(z, w):
    """H (n, T, m) from Z (n, T, m)."""
    h = torch.zeros_like(z[:, 0])
    hs = []
    for zt in z.unbind(1):
        h = torch.tanh(torch.addcmul(zt, w, h))
        hs.append(h)
    return torch.stack(hs, 1)


@torch.jit.script
def recurrence_script(z: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    h = torch.zeros_like(z[:, 0])
    hs = []
    for zt in z.unbind(1):
        h = torch.tanh(torch.addcmul(zt, w, h))
        hs.append(h)
    return torch.stack(hs, 1)


def outputs(x, u, w, c, recurrence):
    z = torch.matmul(x, u.t())                              # hoisted projection
    hidden = recurrence(z, w)
    return torch.matmul(hidden, c) / math.sqrt(c.shape[0])  # F, (n, T)


def last_output_single(w, u, x, c):
    """F_T for one sequence x (T, d); functional in (w, U) for functorch."""
    z = torch.matmul(x, u.t())
    h = torch.zeros_like(w)
    for zt in z.unbind(0):
        h = torch.tanh(torch.addcmul(zt, w, h))
    return torch.dot(c, h) / math.sqrt(c.shape[0])


def all_outputs_single(w, u, x, c):
    """F_1..F_T for one sequence x (T, d); functional in (w, U) for functorch."""
    z = torch.matmul(x, u.t())
    h = torch.zeros_like(w)
    hs = []
    for zt in z.unbind(0):
        h = torch.tanh(torch.addcmul(zt, w, h))
        hs.append(h)
    return torch.stack(hs) @ c / math.sqrt(c.shape[0])


def run(args):
    torch.set_num_threads(args.threads)
    dtype = torch.float64 if args.dtype == "float64" else torch.float32
    n, steps, d, m = (int(v) for v in args.size.split(","))
    dense = args.model == "dense"
    if dense and args.op not in ("forward", "fwdbwd"):
        raise SystemExit("--model dense: --op forward or fwdbwd")
    x, y, u0, w0, c = (make_dense_problem if dense else make_problem)(n, steps, d, m, dtype)
    if dense:
        recurrence = recurrence_dense_script if args.variant == "script" else recurrence_dense_eager
    else:
        recurrence = recurrence_script if args.variant == "script" else recurrence_eager
    u = u0.clone().requires_grad_(True)
    w = w0.clone().requires_grad_(True)
    eta, rho = 0.1, 1.0

    def forward():
        with torch.no_grad():
            return outputs(x, u, w, c, recurrence)

    def fwdbwd():
        u.grad = None
        w.grad = None
        f = outputs(x, u, w, c, recurrence)
        loss = 0.5 * ((f - y) ** 2).mean()
        loss.backward()
        return loss

    def pgd():
        loss = fwdbwd()
        with torch.no_grad():
            radius = rho / math.sqrt(m)
            w_new = torch.clamp(w - eta * w.grad, w0 - radius, w0 + radius)
            du = u - eta * u.grad - u0
            shrink = torch.clamp(radius / du.norm(dim=1, keepdim=True), max=1.0)
            u_new = u0 + du * shrink
        return loss, w_new, u_new

    def gram_autograd():
        rows = []
        for j in range(n):
            u.grad = None
            w.grad = None
            f = outputs(x[j:j + 1], u, w, c, recurrence)[0, -1]
            gw, gu = torch.autograd.grad(f, (w, u))
            rows.append(torch.cat([gw, gu.reshape(-1)]))
        jac = torch.stack(rows)
        return jac @ jac.t()

    def gram_vmap():
        from functorch import jacrev, vmap
        with torch.no_grad():
            wd, ud = w.detach(), u.detach()
        jw, ju = vmap(jacrev(last_output_single, argnums=(0, 1)), in_dims=(None, None, 0, None))(wd, ud, x, c)
        jac = torch.cat([jw, ju.reshape(n, -1)], dim=1)
        return jac @ jac.t()

    def gram_all_vmap(chunk=16):
        from functorch import jacrev, vmap
        wd, ud = w.detach(), u.detach()
        one = vmap(jacrev(all_outputs_single, argnums=(0, 1)), in_dims=(None, None, 0, None))
        parts = []
        for s in range(0, n, chunk):
            jw, ju = one(wd, ud, x[s:s + chunk], c)
            parts.append(torch.cat([jw.reshape(-1, m), ju.reshape(-1, m * d)], dim=1))
        jac = torch.cat(parts)
        return jac @ jac.t()

    def gram_forward(all_steps):
        """Structured forward mode (torch.autograd.forward_ad): units do not interact, so the tangent of H
        along 'every w_i' (then 'every U_ik', k < d) is every unit's derivative at once; d+1 forward passes,
        K accumulated block by block (J never formed)."""
        import torch.autograd.forward_ad as fwAD
        rows_ = n * steps if all_steps else n
        k_mat = torch.zeros(rows_, rows_, dtype=dtype)
        scale = c / math.sqrt(m)
        wd, ud = w.detach(), u.detach()
        for k in range(d + 1):
            dw = torch.ones(m, dtype=dtype) if k == 0 else torch.zeros(m, dtype=dtype)
            du = torch.zeros(m, d, dtype=dtype)
            if k > 0:
                du[:, k - 1] = 1.0
            with fwAD.dual_level():
                hidden = recurrence(torch.matmul(x, fwAD.make_dual(ud, du).t()), fwAD.make_dual(wd, dw))
                tangent = fwAD.unpack_dual(hidden).tangent  # (n, T, m)
            b = (tangent if all_steps else tangent[:, -1]).reshape(rows_, m) * scale
            k_mat.addmm_(b, b.t())
        return k_mat

    base = {"impl": "torch-" + args.variant, "model": args.model, "op": args.op, "size": args.size,
            "dtype": args.dtype, "threads": args.threads, "torch": torch.__version__}
    jac_gb = n * steps * m * (d + 1) * 8 / 1e9
    if args.op == "gram-all-vmap" and jac_gb > args.max_jacobian_gb:
        print(json.dumps(dict(base, skipped="J would take %.1f GB (--max-jacobian-gb %.1f)" % (
            jac_gb, args.max_jacobian_gb))), flush=True)
        return
    body = {"forward": forward, "fwdbwd": fwdbwd, "pgd": pgd, "gram-autograd": gram_autograd,
            "gram-vmap": gram_vmap, "gram-all-vmap": gram_all_vmap, "gram-forward": lambda: gram_forward(False),
            "gram-all-forward": lambda: gram_forward(True)}[args.op]
    times = []
    for k in range(args.warmup + args.reps):
        t0 = time.perf_counter()
        body()
        t1 = time.perf_counter()
        if k >= args.warmup:
            times.append(t1 - t0)
    print(json.dumps(dict(base, times_s=times)), flush=True)


def self_test(path):
    """Checks this peer against rnntk on the small problem of `PeerTiming check` (float64): outputs, loss,
    gradients and both Grams of the diagonal model, outputs, loss and gradients of the dense one."""
    from functorch import jacrev, vmap
    with open(path) as f:
        ref = next(json.loads(line) for line in f if line.lstrip().startswith("{") and '"check"' in line)
    n, steps, d, m = (int(v) for v in ref["size"].split(","))
    a = {k: torch.tensor(v, dtype=torch.float64) for k, v in ref.items() if isinstance(v, list)}
    x, y = a["x"].reshape(n, steps, d), a["y"].reshape(n, steps)
    errors = {}

    def compare(name, got, want):
        got, want = got.detach().reshape(-1), want.reshape(-1)
        errors[name] = float((got - want).abs().max() / want.abs().max().clamp(min=1e-300))

    for prefix, rec, wkey, shape in (("", recurrence_eager, "w", (m,)), ("dense_", recurrence_dense_eager, "dense_w",
                                                                          (m, m))):
        w = a[wkey].reshape(shape).clone().requires_grad_(True)
        u = a[prefix + "u"].reshape(m, d).clone().requires_grad_(True)
        c = a[prefix + "c"]
        f = outputs(x, u, w, c, rec)
        compare(prefix + "outputs", f, a[prefix + "outputs"])
        loss = 0.5 * ((f - y) ** 2).mean()
        loss.backward()
        compare(prefix + "loss", loss, a[prefix + "loss"])
        compare(prefix + "grad_w", w.grad, a[prefix + "grad_w"])
        compare(prefix + "grad_u", u.grad, a[prefix + "grad_u"])
    w, u, c = a["w"], a["u"].reshape(m, d), a["c"]
    jw, ju = vmap(jacrev(last_output_single, argnums=(0, 1)), in_dims=(None, None, 0, None))(w, u, x, c)
    jac = torch.cat([jw, ju.reshape(n, -1)], dim=1)
    compare("gram_last/vmap", jac @ jac.t(), a["gram_last"])
    jw, ju = vmap(jacrev(all_outputs_single, argnums=(0, 1)), in_dims=(None, None, 0, None))(w, u, x, c)
    jac = torch.cat([jw.reshape(n * steps, m), ju.reshape(n * steps, m * d)], dim=1)
    compare("gram_all/vmap", jac @ jac.t(), a["gram_all"])
    import torch.autograd.forward_ad as fwAD
    for key, all_steps in (("gram_last", False), ("gram_all", True)):
        rows_ = n * steps if all_steps else n
        k_mat = torch.zeros(rows_, rows_, dtype=torch.float64)
        for k in range(d + 1):
            dw = torch.ones(m, dtype=torch.float64) if k == 0 else torch.zeros(m, dtype=torch.float64)
            du = torch.zeros(m, d, dtype=torch.float64)
            if k > 0:
                du[:, k - 1] = 1.0
            with fwAD.dual_level():
                hidden = recurrence_eager(torch.matmul(x, fwAD.make_dual(u, du).t()), fwAD.make_dual(w, dw))
                tangent = fwAD.unpack_dual(hidden).tangent
            b = (tangent if all_steps else tangent[:, -1]).reshape(rows_, m) * (c / math.sqrt(m))
            k_mat.addmm_(b, b.t())
        compare(key + "/forward", k_mat, a[key])
    tolerance = 1e-11
    worst = max(errors, key=errors.get)
    passed = errors[worst] <= tolerance
    print(json.dumps({"mode": "peer-self-test", "impl": "torch", "size": ref["size"], "tolerance": tolerance,
                      "passed": passed, "worst": worst, "max_rel_err": errors, "torch": torch.__version__}), flush=True)
    return passed


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--op", default="fwdbwd",
                   choices=["forward", "fwdbwd", "pgd", "gram-autograd", "gram-vmap", "gram-forward", "gram-all-vmap",
                            "gram-all-forward"])
    p.add_argument("--model", default="diagonal", choices=["diagonal", "dense"])
    p.add_argument("--max-jacobian-gb", type=float, default=3.0,
                   help="gram-all-vmap forms J (nT x m(d+1)): skipped above this size")
    p.add_argument("--size", default="256,64,32,1024", help="n,T,d,m")
    p.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--variant", default="eager", choices=["eager", "script"])
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--self-test", metavar="FILE", help="the JSON line of `PeerTiming check`: check, do not time")
    args = p.parse_args()
    if args.self_test:
        raise SystemExit(0 if self_test(args.self_test) else 1)
    run(args)


if __name__ == "__main__":
    main()

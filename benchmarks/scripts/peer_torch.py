#!/usr/bin/python3
"""The PyTorch CPU peer of rnntk's diagonal RNN, written as well as a user reasonably would.

    z_t = w * h_{t-1} + U x_t,  h_t = tanh(z_t),  F_t = c . h_t / sqrt(m),  R = mean_{j,t} (F - Y)^2 / 2

* the input projection is hoisted: Z = X U^T for all steps in one matmul;
* the loop iterates over Z.unbind(1) (slicing Z[:, t] inside the autograd loop costs O(T^2) in backward);
* torch.set_num_threads equals the Java side's threads; same dtype on both sides;
* run it under the glibc malloc settings of compare.sh (they cut the headline float64 time ~10x here);
* two loop flavours: eager and TorchScript (torch.jit.script); the report uses the faster per size.

Operations (--op): forward (no_grad), fwdbwd (loss + backward to w and U), pgd (fwdbwd + projected
update), gram-autograd and gram-vmap (last-step NTK Gram J J^T by per-sample autograd, and by
functorch vmap(jacrev)). Prints one JSON object per line, like org.rnntk.benchmarks.jmh.PeerTiming.
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


def run(args):
    torch.set_num_threads(args.threads)
    dtype = torch.float64 if args.dtype == "float64" else torch.float32
    n, steps, d, m = (int(v) for v in args.size.split(","))
    x, y, u0, w0, c = make_problem(n, steps, d, m, dtype)
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

    body = {"forward": forward, "fwdbwd": fwdbwd, "pgd": pgd, "gram-autograd": gram_autograd,
            "gram-vmap": gram_vmap}[args.op]
    times = []
    for k in range(args.warmup + args.reps):
        t0 = time.perf_counter()
        body()
        t1 = time.perf_counter()
        if k >= args.warmup:
            times.append(t1 - t0)
    print(json.dumps({"impl": "torch-" + args.variant, "op": args.op, "size": args.size, "dtype": args.dtype,
                      "threads": args.threads, "times_s": times, "torch": torch.__version__}), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--op", default="fwdbwd",
                   choices=["forward", "fwdbwd", "pgd", "gram-autograd", "gram-vmap"])
    p.add_argument("--size", default="256,64,32,1024", help="n,T,d,m")
    p.add_argument("--dtype", default="float64", choices=["float64", "float32"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--variant", default="eager", choices=["eager", "script"])
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--reps", type=int, default=5)
    run(p.parse_args())


if __name__ == "__main__":
    main()

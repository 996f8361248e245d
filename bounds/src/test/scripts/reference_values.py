#!/usr/bin/env python3
"""Reference values for the rnntk bounds module (docs/theory.md sections 6-8).

Computed with the Python standard library only (decimal, 80 significant digits), independently of
the Java code: geometric sums by their closed form (1 - r^k)/(1 - r) in high precision, no
expm1/log1p tricks. Inputs are doubles; the one place where the Java code necessarily rounds (the
products r = a*sigma1, and a = alpha + rhoW/sqrt(m)) is reproduced in binary64 here, because
S_T(r) is ill-conditioned in r (d ln S_T / d ln r ~ T) and the reference must be exact for the
double r the Java code is given.

Also: the smallest even width of the section 8 width condition, found here by its own bisection
(width_reference.csv), and the unregularized-GD bound of the corrected section 8 (the least fixed
point rho_GD = eta tau G1(alpha + rho_GD/sqrt(m)) Ymax by monotone iteration, the smoothness bound
beta, and the regret terms with one joint per-neuron radius; gd_reference.csv).

The regret terms use a bound R on the mean residual (1/N) sum |r_q|: R = Ymax ("DESCENT") when the
step satisfies eta <= 1/beta, beta = G1^2 + Rmax M/sqrt(m) on the region (the loss never
increases), else R = Rmax = Ymax + G1 rho ("REGION"); the linearization term is lambda_m R and the
gradient term (eta/2) G1^2 R^2. Unregularized GD always uses DESCENT (its eta <= 1/beta is required).
plan_reference.csv: the width, iterations and step of the DESCENT plan (step min(nuBar/(G1 Ymax
sqrt(tau)), 1/beta), tau the smallest integer meeting epsilon/2 at that step).

And the positive-initialization constants of the feedforward bound of section 9 for tanh
(feedforward_reference.csv).

Usage: python3 reference_values.py OUTPUT_DIR
Writes mut_reference.csv, lemma_reference.csv, pgd_terms_reference.csv, width_reference.csv,
gd_reference.csv, plan_reference.csv, feedforward_reference.csv.
"""
import csv
import math
import os
import sys
from decimal import Decimal as D, getcontext, MAX_EMAX, MIN_EMIN

ctx = getcontext()
ctx.prec = 80
ctx.Emax = MAX_EMAX
ctx.Emin = MIN_EMIN

DBL_MAX = D(sys.float_info.max)
TANH = (1.0, 1.0, 4.0 / (3.0 * math.sqrt(3.0)))
SIGMOID = (1.0, 0.25, 1.0 / (6.0 * math.sqrt(3.0)))


def geometric_sum(k, r):
    """S_k(r) for the double r, exactly (to 80 digits): sum_{i<k} r^i."""
    k = int(k)
    if k == 0:
        return D(0)
    rd = D(r)
    if rd == 1:
        return D(k)
    if rd == 0:
        return D(1)
    # r^k by exp(k ln r) at 80 digits; (r^k - 1)/(r - 1)
    y = D(k) * rd.ln()
    return (y.exp() - 1) / (rd - 1)


def log_geometric_sum(k, r):
    k = int(k)
    rd = D(r)
    if rd == 1:
        return D(k).ln()
    if rd == 0:
        return D(0)
    y = D(k) * rd.ln()
    if rd > 1:
        # ln((e^y - 1)/(r - 1)) = y + ln(1 - e^-y) - ln(r - 1)
        return y + (1 - (-y).exp()).ln() - (rd - 1).ln()
    return (1 - y.exp()).ln() - (1 - rd).ln()


def fmt(x):
    """A Decimal as a string Java's Double.parseDouble reads; Infinity past the double range."""
    if x > DBL_MAX:
        return "Infinity"
    return "{:.25E}".format(x)


def lemma(sig, a, t):
    s0, s1, s2 = (D(v) for v in sig)
    r = a * sig[1]                      # binary64 product, as in Java
    st = geometric_sum(t, r)
    stm1 = geometric_sum(t - 1, r)
    g = s1 * st * (s0 * s0 + 1).sqrt()
    hww = s0 * st * st * (s2 * s0 * st + 2 * s1 * s1)
    huw = st * st * (s2 * s0 * st + s1 * s1)
    huu = s2 * st ** 3
    # spectral norm of [[A, C], [C, B]], A = hww, B = huu, C = huw
    m = (hww + huu) / 2 + (((hww - huu) / 2) ** 2 + huw * huw).sqrt()
    return dict(r=D(r), sT=st, sTm1=stm1, hidden=s0, aBound=s0 * s1 * stm1, bBound=s1 * st, g1=g,
                hww=hww, huw=huw, huu=huu, M=m)


def pgd_terms(sig, alpha, T, n, loss, nuw, nuu, rw, ru, ymax, delta, m, tau, eta, joint=None, variant=None):
    """The section 8 terms; joint=rho evaluates them on the joint per-neuron ball of radius rho/sqrt(m).

    variant: "REGION" (R = Rmax), "DESCENT" (R = Ymax) or None: DESCENT exactly when eta <= 1/beta.
    """
    s0, s1, s2 = (D(v) for v in sig)
    N = n * T if loss == "ALL_STEPS" else n
    if joint is None:
        a = alpha + rw / math.sqrt(m)   # binary64, as in Java
        rho2 = D(rw) ** 2 + D(ru) ** 2
    else:
        a = alpha + joint / math.sqrt(m)
        rho2 = D(joint) ** 2
    lem = lemma(sig, a, T)
    g1, M = lem["g1"], lem["M"]
    b0 = s1 * geometric_sum(T, alpha * sig[1]) * (s0 * D(nuw) + D(nuu))
    rho = rho2.sqrt()
    L = (2 * D(N) / D(delta)).ln()
    md = D(m)
    eps_app = 2 * b0 * (L / md).sqrt()
    lam = 2 * M * rho2 / md.sqrt()
    e = eps_app + lam / 4
    rmax = D(ymax) + g1 * rho
    beta = g1 * g1 + rmax * M / md.sqrt()
    if variant is None:
        variant = "DESCENT" if D(eta) <= 1 / beta else "REGION"
    res = D(ymax) if variant == "DESCENT" else rmax
    approx = (b0 + D(ymax)) * e + e * e / 2
    lin = lam * res
    nu2 = D(nuw) ** 2 + D(nuu) ** 2
    dist = nu2 / (2 * D(eta) * D(tau))
    grad = D(eta) / 2 * g1 * g1 * res * res
    total = approx + lin + dist + grad
    return dict(a=D(a), b0=b0, g1=g1, M=M, rmax=rmax, epsApp=eps_app, lambdaM=lam, e=e, approx=approx,
                lin=lin, logApprox=approx.ln(), logLin=lin.ln() if lin > 0 else None, optDist=dist, optGrad=grad,
                total=total, beta=beta, variant=variant, residual=res)


MUT_CASES = [
    # alpha, sigma1, T
    (0.5, 1.0, 10), (0.9, 1.0, 1000), (1.0, 1.0, 10), (1.0, 1.0, 1000000),
    (1.0 + 1e-13, 1.0, 1000000), (1.0 - 1e-13, 1.0, 1000000), (1.0 + 5e-13, 1.0, 10),
    (1.0 - 1e-15, 1.0, 7), (1.5, 1.0, 10), (1.5, 1.0, 1000), (1.5, 1.0, 1000000),
    (2.0, 0.25, 100), (4.0, 0.25, 50), (0.3, 1.0, 10 ** 12), (1.0001, 1.0, 10 ** 12),
    (1.1, 1.0, 10 ** 15), (0.0, 1.0, 5), (3.0, 1.0, 700), (0.999999999999, 1.0, 10 ** 6),
    (1.000001, 1.0, 100000), (0.25, 3.0, 40),
]

LEMMA_CASES = [
    # name, (sigma0, sigma1, sigma2), a, t
    ("tanh", TANH, 0.5, 1), ("tanh", TANH, 0.5, 10), ("tanh", TANH, 1.0, 10), ("tanh", TANH, 1.5, 10),
    ("tanh", TANH, 1.0 + 1e-13, 1000), ("tanh", TANH, 0.0, 3), ("tanh", TANH, 1.05, 200),
    ("sigmoid", SIGMOID, 2.0, 20), ("sigmoid", SIGMOID, 4.0, 20), ("sigmoid", SIGMOID, 6.0, 300),
    ("custom", (0.9, 1.3, 0.2), 0.7, 7), ("custom", (1.0, 1.0, 0.0), 1.2, 5),
]

PGD_CASES = [
    # sigma, alpha, T, n, loss, nuW, nuU, rhoW, rhoU, yMax, delta, m, tau, eta
    (TANH, 0.5, 10, 100, "ALL_STEPS", 1, 1, 1, 1, 1, 0.05, 216845008.0, 159516.0, 2.5e-4),
    (TANH, 1.0, 10, 100, "ALL_STEPS", 1, 1, 1, 1, 1, 0.05, 15349748698526.0, 7.0e7, 5.7e-7),
    (TANH, 1.5, 10, 100, "ALL_STEPS", 1, 1, 1, 1, 1, 0.05, 2.6938979e21, 1.0e12, 3.7e-11),
    (TANH, 0.5, 10, 1600, "ALL_STEPS", 1, 1, 1, 1, 1, 0.05, 1000.0, 10.0, 0.1),
    (TANH, 0.7, 25, 37, "LAST_STEP", 0.5, 2.0, 0.75, 3.0, 2.5, 0.01, 123456.0, 5000.0, 1e-3),
    (SIGMOID, 4.0, 50, 10, "ALL_STEPS", 1, 1, 1, 1, 1, 0.1, 1e10, 1e6, 1e-5),
    (SIGMOID, 2.0, 8, 1000, "LAST_STEP", 0.3, 0.4, 0.3, 0.4, 0.0, 0.5, 64.0, 100.0, 0.01),
    (TANH, 1.0 + 1e-13, 1000, 20, "ALL_STEPS", 1, 1, 1, 1, 1, 0.05, 1e30, 1e9, 1e-9),
    (TANH, 1.2, 200, 5, "ALL_STEPS", 1, 1, 2, 2, 1, 0.05, 1e300, 1e20, 1e-30),
    ((0.9, 1.3, 0.2), 0.6, 12, 64, "ALL_STEPS", 0.2, 0.9, 0.2, 0.9, 0.7, 0.2, 2.0, 1.0, 0.5),
    ((1.0, 1.0, 0.0), 0.9, 30, 3, "LAST_STEP", 1, 0, 1, 0.5, 1, 0.05, 1e6, 1e3, 1e-3),
    (TANH, 0.0, 4, 2, "ALL_STEPS", 1, 1, 1, 1, 1, 0.05, 4.0, 2.0, 0.05),
]


def width_condition(sig, alpha, T, n, loss, nuw, nuu, rw, ru, ymax, delta, m, eps, variant):
    v = pgd_terms(sig, alpha, T, n, loss, nuw, nuu, rw, ru, ymax, delta, m, 1.0, 1.0, variant=variant)
    return v["approx"] + v["lin"] <= D(eps) / 2


def required_width(case, eps, variant="DESCENT"):
    """The smallest even m < 2^53 with approximation + linearization <= eps/2, by bisection on m/2."""
    lo, hi = 1, 1
    while not width_condition(*case, 2.0 * hi, eps, variant):
        lo, hi = hi, hi * 2
        if hi > 2 ** 52:
            raise ValueError("width beyond 2^53")
    if hi == 1:
        return 2.0
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if width_condition(*case, 2.0 * mid, eps, variant):
            hi = mid
        else:
            lo = mid
    return 2.0 * hi


def gd(sig, alpha, T, n, loss, nuw, nuu, ymax, delta, m, tau, eta):
    """Corrected section 8, unregularized GD: rho_GD, beta and the regret terms at rho = max(rho_GD, nuBar)."""
    phi = lambda rho: D(eta) * D(tau) * D(ymax) * lemma(sig, alpha + float(rho) / math.sqrt(m), T)["g1"]
    rho = phi(D(0))
    for _ in range(10000):
        nxt = phi(rho)
        if abs(nxt - rho) <= D(10) ** -30 * nxt:
            rho = nxt
            break
        rho = nxt
    else:
        raise ValueError("no fixed point")
    lem = lemma(sig, alpha + float(rho) / math.sqrt(m), T)
    beta = lem["g1"] ** 2 + (D(ymax) + lem["g1"] * rho) * lem["M"] / D(m).sqrt()
    nu = (D(nuw) ** 2 + D(nuu) ** 2).sqrt()
    joint = float(max(rho, nu))
    v = pgd_terms(sig, alpha, T, n, loss, nuw, nuu, 0.0, 0.0, ymax, delta, m, tau, eta, joint=joint,
                  variant="DESCENT")
    v.update(rhoGD=rho, beta=beta)
    return v


def plan(case, eps):
    """The DESCENT plan: width, then the smallest tau whose step min(eta*, 1/beta) meets eps/2."""
    sig, alpha, T, n, loss, nuw, nuu, rw, ru, ymax, delta = case
    m = required_width(case, eps)
    v = pgd_terms(*case, m, 1.0, 1.0, variant="DESCENT")
    g1, beta, y = v["g1"], v["beta"], D(ymax)
    nu = (D(nuw) ** 2 + D(nuu) ** 2).sqrt()

    def step(tau):
        star = nu / (g1 * y * D(tau).sqrt()) if y > 0 else None
        if star is None or star > 1 / beta:
            return 1 / beta, True
        return star, False

    def opt(tau):
        eta, _ = step(tau)
        return nu * nu / (2 * eta * D(tau)) + eta / 2 * g1 * g1 * y * y

    # the smallest integer tau with opt(tau) <= eps/2 (opt decreases in tau): doubling, then bisection
    hi = 1
    while opt(hi) > D(eps) / 2:
        hi *= 2
    lo = hi // 2
    if opt(max(lo, 1)) <= D(eps) / 2:
        hi = max(lo, 1)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if opt(mid) <= D(eps) / 2:
            hi = mid
        else:
            lo = mid
    eta, capped = step(hi)
    total = v["approx"] + v["lin"] + opt(hi)
    return dict(width=m, tau=hi, eta=eta, capped=capped, beta=beta, opt=opt(hi), total=total)


PLAN_CASES = [
    # (sigma, alpha, T, n, loss, nuW, nuU, rhoW, rhoU, yMax, delta), eps
    ((TANH, 0.5, 10, 100, "ALL_STEPS", 1.0, 1.0, 1.0, 1.0, 1.0, 0.05), 0.1),
    ((TANH, 0.5, 3, 10, "ALL_STEPS", 1.0, 1.0, 1.0, 1.0, 0.1, 0.05), 0.5),
    ((TANH, 0.7, 25, 37, "LAST_STEP", 0.5, 2.0, 0.75, 3.0, 2.5, 0.01), 0.3),
    ((SIGMOID, 2.0, 8, 1000, "LAST_STEP", 0.3, 0.4, 0.3, 0.4, 0.0, 0.5), 0.05),
    ((TANH, 0.0, 4, 2, "ALL_STEPS", 1.0, 1.0, 1.0, 1.0, 0.2, 0.05), 1.0),
]


WIDTH_CASES = [
    # (sigma, alpha, T, n, loss, nuW, nuU, rhoW, rhoU, yMax, delta), eps
    ((TANH, 0.5, 10, 100, "ALL_STEPS", 1.0, 1.0, 1.0, 1.0, 1.0, 0.05), 0.1),
    ((TANH, 0.5, 10, 1600, "ALL_STEPS", 1.0, 1.0, 1.0, 1.0, 1.0, 0.05), 0.1),
    ((TANH, 1.0, 10, 100, "ALL_STEPS", 1.0, 1.0, 1.0, 1.0, 1.0, 0.05), 0.1),
    ((TANH, 0.5, 10, 100, "ALL_STEPS", 0.5 ** 0.5, 0.5 ** 0.5, 0.5 ** 0.5, 0.5 ** 0.5, 1.0, 0.05), 0.1),
    ((TANH, 0.7, 25, 37, "LAST_STEP", 0.5, 2.0, 0.75, 3.0, 2.5, 0.01), 0.3),
    ((SIGMOID, 2.0, 8, 1000, "LAST_STEP", 0.3, 0.4, 0.3, 0.4, 0.5, 0.5), 0.05),
    ((TANH, 0.0, 4, 2, "ALL_STEPS", 1.0, 1.0, 1.0, 1.0, 1.0, 0.05), 1.0),
]

GD_CASES = [
    # sigma, alpha, T, n, loss, nuW, nuU, yMax, delta, m, tau, eta
    (TANH, 0.5, 3, 10, "ALL_STEPS", 1.0, 1.0, 1.0, 0.05, 1e16, 2.5e6, 4.0e-6),
    (TANH, 0.5, 10, 100, "ALL_STEPS", 1.0, 1.0, 1.0, 0.05, 1e6, 100.0, 1e-4),
    (SIGMOID, 2.0, 8, 50, "LAST_STEP", 0.3, 0.4, 0.5, 0.1, 4096.0, 1000.0, 0.01),
    ((0.9, 1.3, 0.2), 0.6, 12, 64, "ALL_STEPS", 0.2, 0.9, 0.7, 0.2, 1e8, 1e3, 1e-3),
]


def dtanh(x):
    x = D(x)
    e = (-2 * abs(x)).exp()
    t = (1 - e) / (1 + e)
    return t if x >= 0 else -t


def sech2(x):
    t = dtanh(x)
    return 1 - t * t


def feedforward(widths, weights, r, max_norm, lam, n, d, f0):
    """Positive initialization, phi = tanh (section 9): Z, H, minimum slope, Q, threshold, alpha at M."""
    r = D(r)
    z = [r * D(max_norm)]
    h = [dtanh(z[0])]
    for l in range(1, len(widths)):
        z.append(D(widths[l - 1]) * (D(weights[l - 1]) + r) * h[-1] + r)
        h.append(dtanh(z[-1]))
    slopes = [sech2(v) for v in z]
    q = D(1)
    for v in slopes:
        q *= v
    for l in range(1, len(widths)):
        q *= D(widths[l]) * (D(weights[l - 1]) - r)
    thr = r + (D(n) * D(f0) / (D(lam) * D(widths[0]))).sqrt() / (r * q)
    m = 2 * thr
    alpha = 4 * D(lam) * D(widths[0]) / D(n) * q * q * (m - r) ** 2
    return z, h, slopes, q, thr, m, alpha


FF_CASES = [
    # hidden widths, hidden weights c_l, r, max |x|, lambda_min(G), n, d, f0
    ([8, 5], [1.5], 0.5, 1.0, 0.8, 4, 6, 0.3),
    ([16], [], 0.3, 1.0, 0.8, 4, 6, 0.3),
    ([4, 6, 3], [0.9, 1.2], 0.25, 0.7, 0.05, 5, 12, 0.11),
]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "mut_reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["alpha", "sigma1", "T", "muT", "logMuT"])
        for alpha, s1, T in MUT_CASES:
            r = alpha * s1
            w.writerow([repr(alpha), repr(s1), T, fmt(geometric_sum(T, r)), fmt(log_geometric_sum(T, r))])
    keys = ["r", "sT", "sTm1", "hidden", "aBound", "bBound", "g1", "hww", "huw", "huu", "M"]
    with open(os.path.join(out, "lemma_reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "sigma0", "sigma1", "sigma2", "a", "t"] + keys)
        for name, sig, a, t in LEMMA_CASES:
            v = lemma(sig, a, t)
            w.writerow([name] + [repr(x) for x in sig] + [repr(a), t] + [fmt(v[k]) for k in keys])
    pkeys = ["a", "b0", "g1", "M", "rmax", "epsApp", "lambdaM", "e", "approx", "lin", "logApprox", "logLin",
             "optDist", "optGrad", "total", "beta", "residual"]
    with open(os.path.join(out, "pgd_terms_reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["sigma0", "sigma1", "sigma2", "alpha", "T", "n", "loss", "nuBarW", "nuBarU", "rhoW", "rhoU",
                    "yMax", "delta", "m", "tau", "eta", "variant"] + pkeys + ["linRegion", "optGradRegion",
                                                                              "totalRegion"])
        for case in PGD_CASES:
            sig, alpha, T, n, loss, nuw, nuu, rw, ru, ymax, delta, m, tau, eta = case
            args = (sig, alpha, T, n, loss, float(nuw), float(nuu), float(rw), float(ru), float(ymax), delta, m, tau,
                    eta)
            v = pgd_terms(*args)
            r = pgd_terms(*args, variant="REGION")
            w.writerow([repr(x) for x in sig] + [repr(alpha), T, n, loss] +
                       [repr(float(x)) for x in (nuw, nuu, rw, ru, ymax)] +
                       [repr(delta), repr(m), repr(tau), repr(eta), v["variant"]] +
                       [fmt(v[k]) if v[k] is not None else "-Infinity" for k in pkeys] +
                       [fmt(r["lin"]), fmt(r["optGrad"]), fmt(r["total"])])

    with open(os.path.join(out, "width_reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["sigma0", "sigma1", "sigma2", "alpha", "T", "n", "loss", "nuBarW", "nuBarU", "rhoW", "rhoU",
                    "yMax", "delta", "epsilon", "width", "widthRegion"])
        for case, eps in WIDTH_CASES:
            sig = case[0]
            w.writerow([repr(x) for x in sig] + [repr(case[1]), case[2], case[3], case[4]] +
                       [repr(float(x)) for x in case[5:10]] + [repr(case[10]), repr(eps),
                                                               repr(required_width(case, eps)),
                                                               repr(required_width(case, eps, "REGION"))])
    with open(os.path.join(out, "plan_reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["sigma0", "sigma1", "sigma2", "alpha", "T", "n", "loss", "nuBarW", "nuBarU", "rhoW", "rhoU",
                    "yMax", "delta", "epsilon", "width", "tau", "eta", "capped", "beta", "opt", "total"])
        for case, eps in PLAN_CASES:
            sig = case[0]
            v = plan(case, eps)
            w.writerow([repr(x) for x in sig] + [repr(case[1]), case[2], case[3], case[4]] +
                       [repr(float(x)) for x in case[5:10]] + [repr(case[10]), repr(eps), repr(v["width"]),
                                                               repr(float(v["tau"])), fmt(v["eta"]),
                                                               str(v["capped"]).lower(), fmt(v["beta"]),
                                                               fmt(v["opt"]), fmt(v["total"])])
    gkeys = ["rhoGD", "beta", "a", "g1", "M", "rmax", "lambdaM", "approx", "lin", "optDist", "optGrad", "total"]
    with open(os.path.join(out, "gd_reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["sigma0", "sigma1", "sigma2", "alpha", "T", "n", "loss", "nuBarW", "nuBarU", "yMax", "delta",
                    "m", "tau", "eta"] + gkeys)
        for case in GD_CASES:
            sig, alpha, T, n, loss, nuw, nuu, ymax, delta, m, tau, eta = case
            v = gd(*case)
            w.writerow([repr(x) for x in sig] + [repr(alpha), T, n, loss] +
                       [repr(float(x)) for x in (nuw, nuu, ymax)] +
                       [repr(delta), repr(m), repr(tau), repr(eta)] + [fmt(v[k]) for k in gkeys])

    with open(os.path.join(out, "feedforward_reference.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["widths", "weights", "r", "maxNorm", "lambdaMin", "n", "d", "f0", "z", "h", "minSlope", "q",
                    "threshold", "m", "alphaAtM"])
        for widths, weights, r, mx, lam, n, d, f0 in FF_CASES:
            z, h, sl, q, thr, m, alpha = feedforward(widths, weights, r, mx, lam, n, d, f0)
            w.writerow([" ".join(map(str, widths)), " ".join(map(repr, weights)), repr(r), repr(mx), repr(lam), n, d,
                        repr(f0), " ".join(fmt(v) for v in z), " ".join(fmt(v) for v in h),
                        " ".join(fmt(v) for v in sl), fmt(q), fmt(thr), fmt(m), fmt(alpha)])


if __name__ == "__main__":
    main()

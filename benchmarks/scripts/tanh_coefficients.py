#!/usr/bin/python3
"""Coefficients of org.rnntk.kernels.internal.FastTanh (kept so they can be re-derived).

tanh x = x / (1 + x^2/(3 + x^2/(5 + ...)))  (Lambert's continued fraction). Its n-th convergent is a
rational function x * B_n(y) / A_n(y) of y = x^2 with positive integer coefficients. FastTanh halves the
clamped argument once (|c| <= 9.55), evaluates the convergent n = 22 in the cancellation-free form
    tanh c = c + c*y * M(y) / A(y),   M(y) = (B(y) - A(y)) / y,
and doubles back with tanh 2c = 2t / (1 + t^2).  With mpmath installed, also prints the truncation
error of the convergent at the end of the range (it must be far below 2^-53).

With --float32: the coefficients of FastTanh.tanhFloat, the same method in float arithmetic: clamp at
9.1 (tanh 9.1 rounds to 1 in float32), |c| <= 4.55, convergent n = 11 (truncation error ~1e-11,
far below 2^-24).
"""
import sys
from fractions import Fraction as F

FLOAT32 = "--float32" in sys.argv[1:]
N = 11 if FLOAT32 else 22
END = F(455, 100) if FLOAT32 else F(955, 100)


def convergent(n):
    a2, a1 = [F(1)], [F(1)]
    b2, b1 = [F(0)], [F(1)]
    for k in range(1, n + 1):
        coef = 2 * k + 1

        def comb(p1, p2):
            out = [F(0)] * max(len(p1), len(p2) + 1)
            for i, c in enumerate(p1):
                out[i] += coef * c
            for i, c in enumerate(p2):
                out[i + 1] += c
            return out

        a, b = comb(a1, a2), comb(b1, b2)
        a2, a1, b2, b1 = a1, a, b1, b
    return a1, b1  # tanh x = x * b1(y) / a1(y)


A, B = convergent(N)
B = B + [F(0)] * (len(A) - len(B))
M = [B[i] - A[i] for i in range(len(A))]
assert M[0] == 0
M = M[1:]
while M[-1] == 0:
    M.pop()
a0 = A[0]
print("M (numerator, ascending powers of y):")
def literal(v):
    if FLOAT32:
        import struct
        return "%.9gf" % struct.unpack("f", struct.pack("f", v))[0]
    return "%r" % v


for c in M:
    print("  " + literal(float(c / a0)))
print("A (denominator, ascending powers of y):")
for c in A:
    print("  " + literal(float(c / a0)))
try:
    import mpmath
    mpmath.mp.dps = 50
    x = END
    y = x * x
    val = x * sum(c * y ** i for i, c in enumerate(B)) / sum(c * y ** i for i, c in enumerate(A))
    ref = mpmath.tanh(mpmath.mpf(x.numerator) / x.denominator)
    err = abs(mpmath.mpf(val.numerator) / val.denominator - ref)
    print("relative truncation error at c = %s: %s" % (float(x), mpmath.nstr(err / ref, 3)))
except ImportError:
    pass

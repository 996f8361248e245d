package org.rnntk.kernels.ntk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

import org.rnntk.core.Checks;

/**
 * λ_min and λ_max of a symmetric operator by the Lanczos method with full reorthogonalization,
 * from its products alone (an {@link NtkOperator}, never forming K, or a formed Gram through
 * {@link SymmetricOperator#of(GramMatrix)}): O(k) products and O(k²N) reorthogonalization for k
 * iterations, against the O(N³) of the full spectrum ({@link Spectrum}).
 *
 * <p>Stated tolerance. A Ritz value θ with Ritz vector y has the residual ‖K y − θ y‖ = β_k |s_k|
 * (the last component of its eigenvector in the tridiagonal matrix times the next Lanczos
 * coefficient), and a symmetric K has an eigenvalue within that residual of θ; Ritz values also lie
 * inside [λ_min, λ_max]. The iteration stops when the residuals of both extreme Ritz values are at
 * most {@code relativeTolerance · max(|θ_min|, |θ_max|)} (≈ that fraction of ‖K‖₂), so
 * |lambdaMin − λ_min| and |lambdaMax − λ_max| are within {@link #residualMin()} and
 * {@link #residualMax()}, provided the random start vector is not orthogonal to the extreme
 * eigenvectors (probability zero; a start orthogonal to them in rounding is the method's known
 * limit, as for every Krylov method). When the Krylov space becomes invariant (β ≈ 0: as many
 * steps as distinct eigenvalues), its Ritz values are eigenvalues and the run stops with zero
 * residuals. The full reorthogonalization keeps the basis orthonormal, so no spurious copies of
 * converged eigenvalues appear.
 *
 * @param size              N
 * @param lambdaMin         the smallest Ritz value
 * @param lambdaMax         the largest Ritz value
 * @param residualMin       ‖K y − θ_min y‖, a bound on |lambdaMin − λ_min| (see above)
 * @param residualMax       ‖K y − θ_max y‖
 * @param iterations        k, the number of products
 * @param relativeTolerance the requested residual relative to max(|θ_min|, |θ_max|)
 */
public record ExtremeEigenvalues(int size, double lambdaMin, double lambdaMax, double residualMin, double residualMax,
                                 int iterations, double relativeTolerance) {

    /** The default relative residual: 1e-10 of ‖K‖₂. */
    public static final double DEFAULT_TOLERANCE = 1e-10;

    /** Lanczos with {@link #DEFAULT_TOLERANCE}, at most N iterations, seed 1. */
    public static ExtremeEigenvalues lanczos(SymmetricOperator operator) {
        Objects.requireNonNull(operator, "operator");
        return lanczos(operator, DEFAULT_TOLERANCE, operator.size(), 1L);
    }

    /**
     * @param operator          K, symmetric (not checked beyond what the products show)
     * @param relativeTolerance in (0, 1): stop when both extreme residuals are at most this times
     *                          max(|θ_min|, |θ_max|); below ≈ 1e-13 rounding may prevent it
     * @param maxIterations     ≥ 1; at most N are ever needed (the Krylov space is then R^N)
     * @param seed              the start vector's seed
     * @throws IllegalStateException when the residuals are still above the tolerance after
     *                               maxIterations products (the message names them)
     */
    public static ExtremeEigenvalues lanczos(SymmetricOperator operator, double relativeTolerance, int maxIterations,
                                             long seed) {
        return run(operator, relativeTolerance, maxIterations, seed, true);
    }

    /**
     * Lanczos; when {@code needMin} is false only the largest Ritz value must reach the tolerance
     * (the smallest is then reported with whatever residual it has).
     */
    private static ExtremeEigenvalues run(SymmetricOperator operator, double relativeTolerance, int maxIterations,
                                          long seed, boolean needMin) {
        Objects.requireNonNull(operator, "operator");
        Checks.openInterval("relativeTolerance", relativeTolerance, 0.0, 1.0);
        Checks.positive("maxIterations", maxIterations);
        int n = operator.size();
        int limit = Math.min(maxIterations, n);
        List<double[]> basis = new ArrayList<>();
        double[] alpha = new double[limit];
        double[] beta = new double[limit];
        SplittableRandom rng = new SplittableRandom(seed);
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = rng.nextDouble() - 0.5;
        }
        scale(q, 1.0 / norm(q));
        double[] wv = new double[n];
        double scaleK = 0;
        int nextCheck = 1;
        for (int k = 0; k < limit; k++) {
            basis.add(q);
            operator.applyInto(q, wv);
            double a = dot(q, wv);
            alpha[k] = a;
            axpy(-a, q, wv);
            if (k > 0) {
                axpy(-beta[k - 1], basis.get(k - 1), wv);
            }
            // Full reorthogonalization, twice ("twice is enough").
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : basis) {
                    axpy(-dot(b, wv), b, wv);
                }
            }
            double b = norm(wv);
            beta[k] = b;
            scaleK = Math.max(scaleK, Math.abs(a) + b + (k > 0 ? beta[k - 1] : 0));
            boolean invariant = b <= 1e-13 * scaleK || k + 1 == n;
            if (invariant || k + 1 == nextCheck || k + 1 == limit) {
                Ritz ritz = Ritz.of(alpha, beta, k + 1, invariant ? 0.0 : b);
                double target = relativeTolerance * Math.max(Math.abs(ritz.min), Math.abs(ritz.max));
                if (invariant || ((!needMin || ritz.residualMin <= target) && ritz.residualMax <= target)) {
                    return new ExtremeEigenvalues(n, ritz.min, ritz.max, ritz.residualMin, ritz.residualMax, k + 1,
                            relativeTolerance);
                }
                if (k + 1 == limit) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "Lanczos did not reach the relative tolerance %.3g in %d iterations on %s: Ritz values"
                                    + " [%.6g, %.6g] with residuals %.3g and %.3g (target %.3g); raise maxIterations"
                                    + " (at most N = %d are ever needed) or the tolerance",
                            relativeTolerance, k + 1, operator, ritz.min, ritz.max, ritz.residualMin,
                            ritz.residualMax, target, n));
                }
                nextCheck = k + 2;
            }
            double[] next = wv.clone();
            scale(next, 1.0 / b);
            q = next;
        }
        throw new AssertionError("unreachable");
    }

    /**
     * λ_min and λ_max of a formed Gram with {@link #DEFAULT_TOLERANCE}: λ_max by Lanczos on K, λ_min
     * by shift-invert Lanczos — the Cholesky factorization of B = K + τI with τ = N·eps·λ_max (the
     * rank tolerance of {@link Spectrum}), then Lanczos on B⁻¹ (two triangular solves per product),
     * whose largest eigenvalue 1/(λ_min + τ) is well separated even when λ_min sits at the bottom of
     * a dense cluster (the usual NTK spectrum, where plain Lanczos needs hundreds or thousands of
     * products). Cost: one Cholesky (N³/3 multiply-adds, LAPACK {@code dpotrf}) against the
     * tridiagonalization of the full spectrum (4N³/3, mostly matrix-vector bound). When B is not
     * positive definite, λ_min &lt; −τ and plain Lanczos finds it. The residual of λ_min is then
     * bounded through the inverse: ‖K y − θ y‖ ≤ ‖B‖ ‖B⁻¹y − μ y‖/μ with θ = 1/μ − τ.
     *
     * @throws IllegalArgumentException when the Gram is not square
     */
    public static ExtremeEigenvalues ofGram(GramMatrix gram) {
        Objects.requireNonNull(gram, "gram");
        if (gram.cols() != gram.rows()) {
            throw new IllegalArgumentException("a symmetric operator needs a square Gram; got " + gram);
        }
        return ofSquare(gram.raw(), gram.rows(), gram.toString());
    }

    /**
     * As {@link #ofGram} for a square row-major matrix.
     *
     * @param values N·N entries, row-major; not modified
     * @param n      N
     * @param label  what the matrix is, for messages
     */
    static ExtremeEigenvalues ofSquare(double[] values, int n, String label) {
        SymmetricOperator k = new DenseSymmetricOperator(values, n, label);
        ExtremeEigenvalues top = run(k, DEFAULT_TOLERANCE, n, 1L, false);
        double bNorm = Math.max(top.lambdaMax() + top.residualMax(), 0.0);
        double tau = Math.max(n * Math.ulp(1.0) * bNorm, Double.MIN_NORMAL);
        try (ShiftedCholesky inverse = ShiftedCholesky.factor(values, n, tau)) {
            if (inverse == null) {
                ExtremeEigenvalues plain = lanczos(k, DEFAULT_TOLERANCE, n, 1L);
                return new ExtremeEigenvalues(n, plain.lambdaMin(), top.lambdaMax(), plain.residualMin(),
                        top.residualMax(), top.iterations() + plain.iterations(), DEFAULT_TOLERANCE);
            }
            ExtremeEigenvalues inv = run(inverse, DEFAULT_TOLERANCE, n, 2L, false);
            double mu = inv.lambdaMax();
            double lambdaMin = 1.0 / mu - tau;
            double residual = (bNorm + tau) * inv.residualMax() / mu;
            return new ExtremeEigenvalues(n, lambdaMin, top.lambdaMax(), residual, top.residualMax(),
                    top.iterations() + inv.iterations(), DEFAULT_TOLERANCE);
        }
    }

    /**
     * The extreme eigenvalues of the k×k tridiagonal matrix (bisection on Sturm counts, to rounding)
     * and their Lanczos residuals β_k |s_k|, with s the eigenvector by inverse iteration on the
     * shifted matrix, which is definite for an extreme shift (so the LDLᵀ solve needs no pivoting).
     * O(k) per call.
     */
    private record Ritz(double min, double max, double residualMin, double residualMax) {

        static Ritz of(double[] alpha, double[] beta, int k, double nextBeta) {
            if (k == 1) {
                return new Ritz(alpha[0], alpha[0], nextBeta, nextBeta);
            }
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                double r = (i > 0 ? Math.abs(beta[i - 1]) : 0) + (i < k - 1 ? Math.abs(beta[i]) : 0);
                lo = Math.min(lo, alpha[i] - r);
                hi = Math.max(hi, alpha[i] + r);
            }
            double scale = Math.max(Math.abs(lo), Math.abs(hi));
            double min = bisect(alpha, beta, k, lo, hi, 1);
            double max = bisect(alpha, beta, k, lo, hi, k);
            double shift = 1e-13 * scale;
            double sMin = lastComponent(alpha, beta, k, min - shift);
            double sMax = lastComponent(alpha, beta, k, max + shift);
            return new Ritz(min, max, nextBeta * sMin, nextBeta * sMax);
        }

        /** The index-th smallest eigenvalue (1-based) by bisection on Sturm counts. */
        private static double bisect(double[] alpha, double[] beta, int k, double lo, double hi, int index) {
            double a = lo;
            double b = hi;
            for (int it = 0; it < 200 && b - a > 2 * Math.ulp(Math.max(Math.abs(a), Math.abs(b))); it++) {
                double mid = 0.5 * (a + b);
                if (countBelow(alpha, beta, k, mid) >= index) {
                    b = mid;
                } else {
                    a = mid;
                }
            }
            return 0.5 * (a + b);
        }

        /** The number of eigenvalues below x (Sturm sequence of the LDLᵀ pivots). */
        private static int countBelow(double[] alpha, double[] beta, int k, double x) {
            int count = 0;
            double q = alpha[0] - x;
            for (int i = 0; ; i++) {
                if (q == 0) {
                    q = -Double.MIN_NORMAL;
                }
                if (q < 0) {
                    count++;
                }
                if (i + 1 == k) {
                    return count;
                }
                q = alpha[i + 1] - x - beta[i] * beta[i] / q;
            }
        }

        /** |last component| of the unit eigenvector near shift, by three steps of inverse iteration. */
        private static double lastComponent(double[] alpha, double[] beta, int k, double shift) {
            double[] x = new double[k];
            java.util.Arrays.fill(x, 1.0 / Math.sqrt(k));
            double[] d = new double[k];
            for (int it = 0; it < 3; it++) {
                // LDLᵀ of T − shift·I, forward and backward substitution.
                d[0] = alpha[0] - shift;
                for (int i = 1; i < k; i++) {
                    double l = beta[i - 1] / d[i - 1];
                    d[i] = alpha[i] - shift - l * beta[i - 1];
                    x[i] -= l * x[i - 1];
                }
                x[k - 1] /= d[k - 1];
                for (int i = k - 2; i >= 0; i--) {
                    x[i] = x[i] / d[i] - beta[i] / d[i] * x[i + 1];
                }
                double norm = 0;
                for (double v : x) {
                    norm += v * v;
                }
                norm = Math.sqrt(norm);
                if (!(norm > 0) || !Double.isFinite(norm)) {
                    return 1.0; // cannot tell: the conservative residual β_k
                }
                for (int i = 0; i < k; i++) {
                    x[i] /= norm;
                }
            }
            return Math.abs(x[k - 1]);
        }
    }

    /** a·b with four partial sums (lets the JIT keep several multiply-adds in flight). */
    private static double dot(double[] a, double[] b) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    private static void axpy(double s, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += s * x[i];
        }
    }

    private static void scale(double[] a, double s) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= s;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ExtremeEigenvalues[N=%d, lambdaMin=%.6g (+-%.2g), lambdaMax=%.6g (+-%.2g),"
                + " %d iterations]", size, lambdaMin, residualMin, lambdaMax, residualMax, iterations);
    }
}

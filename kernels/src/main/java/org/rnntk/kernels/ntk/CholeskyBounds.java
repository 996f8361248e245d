package org.rnntk.kernels.ntk;

import java.util.Locale;
import java.util.Objects;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;
import org.rnntk.core.Checks;
import org.rnntk.kernels.internal.BlasThreads;
import org.rnntk.kernels.internal.NdBuffers;

/**
 * Certified bounds on the extreme eigenvalues of a symmetric matrix K — an NTK Gram as stored —
 * without its full spectrum: a Lanczos estimate ({@link ExtremeEigenvalues#ofGram}), then one
 * Cholesky factorization (LAPACK {@code dpotrf}, OpenBLAS) of fl(S − μI) with μ just below the
 * estimated λ_min and one of fl(νI − S) with ν just above the estimated λ_max, S = (K + Kᵀ)/2
 * (docs/theory.md §9, "Certified λ_min without the full spectrum"). By Higham (Accuracy and
 * Stability of Numerical Algorithms, 2nd ed., Thm 10.3), a factorization that completes with
 * positive pivots gives RᵀR = A + ΔA with |ΔA| ≤ γ_{n+1}|Rᵀ||R|, so
 * <pre>
 *   λ_min(S) ≥ μ − [γ_{n+1} ‖R‖_F²/(1 − γ_{2n}) + u/(1 − u)·max_i |A_ii| + E_sym](1 + 2^{−40})
 *   λ_max(S) ≤ ν + [the same for the factor of fl(νI − S)]
 *   E_sym = u/(1 − u)·max_i Σ_{j≠i}|Ŝ_ij|/(1 − γ_{n+2}) + n·2^{−1075}     (Ŝ = fl((K + Kᵀ)/2))
 * </pre>
 * with γ_k = ku/(1 − ku), u = 2^{−53}: the first term is the factorization's backward error
 * (‖ΔA‖₂ ≤ γ_{n+1}‖|R|‖₂² ≤ γ_{n+1}‖R‖_F², the sum of squares itself computed with error ≤ γ_{2n}),
 * the second the rounding of the shifted diagonal, the third the symmetrization, and the factor
 * covers the rounding of evaluating the allowance. Each bound is also compared with Gershgorin's
 * disc bound (rigorous, usually far looser) and the better one is kept; if every factorization
 * fails, Gershgorin's is the bound. The shift starts at the estimate minus twice the expected
 * allowance (γ_{n+1}·Σ_i|K_ii − estimate| + E_sym, what ‖R‖_F² ≈ trace(A) predicts), so a completed
 * factorization certifies about λ_min − 3·allowance; after a failure the distance grows
 * {@value #GROWTH}-fold, or by the Lanczos residual if that is more, {@value #MAX_FACTORIZATIONS}
 * factorizations at most per side. A completed factorization certifies its bound whatever the
 * shift; the estimate only decides how tight the bound is and how many factorizations it takes.
 *
 * <p>What is certified: the spectrum of S, the exact symmetric part of the stored matrix.
 * Rounding in forming K (e.g. fl(J Jᵀ)) and in computing J is the caller's to add: bounds'
 * {@code LocalPl.gramSpectrumFromBounds} does it for certificates. The analysis assumes no
 * underflow or overflow: entries must lie within [2^{−500}, 2^{500}] in magnitude (or be 0).
 * Cost: one Cholesky for the estimate's shift-invert Lanczos and two for the certificate,
 * N³/3 multiply-adds each, against the O(N³) with a larger constant of the full spectrum
 * ({@link Spectrum}, bounds' {@code LocalPl.gramSpectrum}); memory: one N×N native buffer.
 *
 * <p>Threads: keeps no state; each call owns its buffers, so calls from several threads are safe.
 *
 * @param size        N
 * @param lower       the certified lower bound on λ_min(S) and how it was obtained
 * @param upper       the certified upper bound on λ_max(S) and how it was obtained
 * @param estimate    the Lanczos estimate the shifts were chosen from
 * @param maxDiagonal max_i K_ii
 */
public record CholeskyBounds(int size, Side lower, Side upper, ExtremeEigenvalues estimate, double maxDiagonal) {

    /** Factorizations tried per side before falling back on Gershgorin's bound. */
    public static final int MAX_FACTORIZATIONS = 4;
    /** Growth of the distance between shift and estimate after a failed factorization. */
    public static final int GROWTH = 16;

    private static final double U = 0x1p-53;
    /** Relative slack for the handful of roundings in evaluating an allowance (each ≤ u = 2^{−53}). */
    private static final double SAFETY = 0x1p-40;
    private static final double MAX_SCALE = 0x1p500;
    private static final double MIN_SCALE = 0x1p-500;

    public CholeskyBounds {
        Checks.positive("size", size);
        Objects.requireNonNull(lower, "lower");
        Objects.requireNonNull(upper, "upper");
        Objects.requireNonNull(estimate, "estimate");
        if (!(lower.bound() <= upper.bound())) {
            throw new IllegalArgumentException("lower bound (" + lower.bound() + ") must be <= upper bound ("
                    + upper.bound() + ")");
        }
    }

    /** How a side's bound was obtained. */
    public enum Method {
        /** A completed Cholesky factorization of the shifted matrix (Higham Thm 10.3). */
        CHOLESKY,
        /** Gershgorin's discs, with rounding allowances (every factorization failed, or it is tighter). */
        GERSHGORIN
    }

    /**
     * One side of the enclosure.
     *
     * @param bound          the certified bound (lower: ≤ λ_min(S); upper: ≥ λ_max(S))
     * @param method         how it was obtained
     * @param shift          the shift of the completed factorization (μ for the lower side, ν for the
     *                       upper), NaN when none completed
     * @param allowance      the rounding allowance: bound = μ − allowance or ν + allowance (rounded
     *                       outward) for {@link Method#CHOLESKY}; for {@link Method#GERSHGORIN} the
     *                       symmetrization's E_sym
     * @param factorizations the factorizations tried on this side, 0 to {@link #MAX_FACTORIZATIONS}
     */
    public record Side(double bound, Method method, double shift, double allowance, int factorizations) {

        public Side {
            Checks.finite("bound", bound);
            Objects.requireNonNull(method, "method");
            Checks.nonNegative("allowance", allowance);
            if (factorizations < 0 || factorizations > MAX_FACTORIZATIONS) {
                throw new IllegalArgumentException("factorizations (" + factorizations + ") must be in [0, "
                        + MAX_FACTORIZATIONS + "]");
            }
        }
    }

    /** The certified lower bound on λ_min of the symmetric part of the matrix. */
    public double lowerBound() {
        return lower.bound();
    }

    /** The certified upper bound on λ_max of the symmetric part of the matrix. */
    public double upperBound() {
        return upper.bound();
    }

    /**
     * The certified bounds of a square Gram.
     *
     * @throws IllegalArgumentException when the Gram is not square, not symmetric within
     *                                  {@link Spectrum#SYMMETRY_TOLERANCE}, or its scale is out of range
     */
    public static CholeskyBounds of(GramMatrix gram) {
        Objects.requireNonNull(gram, "gram");
        if (gram.cols() != gram.rows()) {
            throw new IllegalArgumentException("certified eigenvalue bounds need a square Gram; got " + gram);
        }
        return compute(gram.raw(), gram.rows(), gram.toString());
    }

    /**
     * The certified bounds of a square symmetric matrix.
     *
     * @param matrix n×n, finite, symmetric within {@link Spectrum#SYMMETRY_TOLERANCE}; not modified
     * @throws IllegalArgumentException when it is empty, not square, not finite, not symmetric or its
     *                                  scale is out of range
     */
    public static CholeskyBounds of(double[][] matrix) {
        Objects.requireNonNull(matrix, "matrix");
        int n = matrix.length;
        if (n == 0) {
            throw new IllegalArgumentException("matrix must be a non-empty square matrix; got 0 rows");
        }
        double[] k = new double[Math.multiplyExact(n, n)];
        for (int i = 0; i < n; i++) {
            Checks.length("matrix[" + i + "]", matrix[i], n, "a square " + n + "x" + n + " matrix");
            Checks.allFinite("matrix[" + i + "]", matrix[i]);
            System.arraycopy(matrix[i], 0, k, i * n, n);
        }
        return compute(k, n, n + "x" + n + " matrix");
    }

    private static CholeskyBounds compute(double[] k, int n, String label) {
        double scale = 0;
        double asym = 0;
        double maxDiag = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, k[i * n + i]);
            for (int j = 0; j < n; j++) {
                scale = Math.max(scale, Math.abs(k[i * n + j]));
                if (j > i) {
                    asym = Math.max(asym, Math.abs(k[i * n + j] - k[j * n + i]));
                }
            }
        }
        if (asym > Spectrum.SYMMETRY_TOLERANCE * scale) {
            throw new IllegalArgumentException("certified eigenvalue bounds need a symmetric matrix; " + label
                    + " has max|K - K^T| = " + asym + " > " + Spectrum.SYMMETRY_TOLERANCE + " * max|K| = " + scale);
        }
        if (scale > MAX_SCALE || (scale > 0 && scale < MIN_SCALE)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s has max|K| = %.3g, outside"
                    + " [2^-500, 2^500]: rescale it (the rounding analysis assumes no underflow or overflow)",
                    label, scale));
        }
        if (scale == 0) {
            Side zero = new Side(0.0, Method.GERSHGORIN, Double.NaN, 0.0, 0);
            return new CholeskyBounds(n, zero, zero,
                    new ExtremeEigenvalues(n, 0, 0, 0, 0, 0, ExtremeEigenvalues.DEFAULT_TOLERANCE), 0.0);
        }
        // Gershgorin discs of Ŝ = fl((K + Kᵀ)/2) and E_sym ≥ ‖Ŝ − S‖₂ (both symmetric: ‖·‖₂ ≤ max row sum).
        double offMax = 0;
        double gLo = Double.POSITIVE_INFINITY;
        double gHi = Double.NEGATIVE_INFINITY;
        double inflate = 1.0 / (1.0 - gamma(n + 2L));
        for (int i = 0; i < n; i++) {
            double off = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    off += Math.abs(0.5 * (k[i * n + j] + k[j * n + i]));
                }
            }
            double offBound = Math.nextUp(off * inflate);
            offMax = Math.max(offMax, offBound);
            double d = k[i * n + i];
            gLo = Math.min(gLo, Math.nextDown(d - offBound));
            gHi = Math.max(gHi, Math.nextUp(d + offBound));
        }
        double eSym = (U / (1 - U) * offMax + n * Double.MIN_VALUE) * (1 + SAFETY);
        gLo = Math.nextDown(gLo - eSym);
        gHi = Math.nextUp(gHi + eSym);

        ExtremeEigenvalues est = ExtremeEigenvalues.ofSquare(k, n, label);
        NdBuffers.started();
        try (BlasThreads.Scope blas = BlasThreads.processDefault();
             DoublePointer a = new DoublePointer((long) n * n)) {
            double[] column = new double[n];
            Side lower = side(k, n, a, column, 1.0, est.lambdaMin(), est.residualMin(), eSym, gLo);
            Side upper = side(k, n, a, column, -1.0, est.lambdaMax(), est.residualMax(), eSym, gHi);
            return new CholeskyBounds(n, lower, upper, est, maxDiag);
        }
    }

    /**
     * One side: sign +1 bounds λ_min(S) from below with A = fl(S − μI); sign −1 bounds λ_max(S) from
     * above with A = fl(−S − (−ν)I) = fl(νI − S), i.e. λ_min(−S) ≥ −ν − allowance.
     */
    private static Side side(double[] k, int n, DoublePointer a, double[] column, double sign, double estimate,
                             double residual, double eSym, double gershgorin) {
        // The estimate of −S's λ_min is −estimate; the shift goes below it.
        double target = sign * estimate;
        double traceGap = 0;
        for (int i = 0; i < n; i++) {
            traceGap += Math.abs(sign * k[i * n + i] - target);
        }
        double expected = gamma(n + 1L) * traceGap + eSym;
        double gap = 2 * expected + Double.MIN_NORMAL;
        for (int attempt = 1; attempt <= MAX_FACTORIZATIONS; attempt++) {
            double mu = target - gap;
            double allowance = factorAllowance(k, n, a, column, sign, mu);
            if (!Double.isNaN(allowance)) {
                double total = (allowance + eSym) * (1 + SAFETY);
                if (sign > 0) {
                    double bound = Math.nextDown(mu - total);
                    return bound >= gershgorin ? new Side(bound, Method.CHOLESKY, mu, total, attempt)
                            : new Side(gershgorin, Method.GERSHGORIN, mu, eSym, attempt);
                }
                double bound = Math.nextUp(-mu + total);
                return bound <= gershgorin ? new Side(bound, Method.CHOLESKY, -mu, total, attempt)
                        : new Side(gershgorin, Method.GERSHGORIN, -mu, eSym, attempt);
            }
            gap = Math.max(GROWTH * gap, Math.abs(residual) + gap);
        }
        return new Side(gershgorin, Method.GERSHGORIN, Double.NaN, eSym, MAX_FACTORIZATIONS);
    }

    /**
     * Factors A = fl(sign·Ŝ − μI) in place in {@code a} (lower triangle, column-major) and returns
     * γ_{n+1}‖R‖_F²/(1 − γ_{2n}) + u/(1 − u)·max|A_ii|, or NaN when the factorization does not
     * complete with positive finite pivots.
     */
    private static double factorAllowance(double[] k, int n, DoublePointer a, double[] column, double sign,
                                          double mu) {
        double maxDiag = 0;
        for (int j = 0; j < n; j++) {
            int len = n - j;
            double diag = sign * k[j * n + j] - mu;
            maxDiag = Math.max(maxDiag, Math.abs(diag));
            column[0] = diag;
            for (int i = j + 1; i < n; i++) {
                column[i - j] = sign * (0.5 * (k[i * n + j] + k[j * n + i]));
            }
            a.position((long) j * n + j).put(column, 0, len);
        }
        if (!potrf(a, n)) {
            return Double.NaN;
        }
        // ‖R‖_F² by column sums: each square passes through at most 2n roundings (γ_{2n}).
        double sum = 0;
        for (int j = 0; j < n; j++) {
            int len = n - j;
            a.position((long) j * n + j).get(column, 0, len);
            if (!(column[0] > 0) || !Double.isFinite(column[0])) {
                return Double.NaN;
            }
            double col = 0;
            for (int t = 0; t < len; t++) {
                col += column[t] * column[t];
            }
            sum += col;
        }
        a.position(0);
        if (!Double.isFinite(sum)) {
            return Double.NaN;
        }
        return gamma(n + 1L) * sum / (1 - gamma(2L * n)) + U / (1 - U) * maxDiag;
    }

    /** LAPACK dpotrf on the lower triangle of the column-major n×n matrix in {@code a}; false when not definite. */
    private static boolean potrf(DoublePointer a, int n) {
        int info = openblas.LAPACKE_dpotrf(openblas.LAPACK_COL_MAJOR, (byte) 'L', n, a.position(0), n);
        if (info < 0) {
            throw new IllegalStateException("LAPACK dpotrf rejected argument " + (-info) + " (n = " + n + ")");
        }
        return info == 0;
    }

    /**
     * The lower Cholesky factor L (A = L Lᵀ in exact arithmetic) by the same LAPACK call as the
     * certificate, for tests of Higham's hypothesis on this library build.
     *
     * @param symmetric n×n symmetric matrix (row- or column-major alike); not modified
     * @return L column-major with its strict upper triangle zero, or null when dpotrf reports A not definite
     */
    static double[] lowerFactor(double[] symmetric, int n) {
        NdBuffers.started();
        try (BlasThreads.Scope blas = BlasThreads.processDefault();
             DoublePointer a = new DoublePointer((long) n * n)) {
            a.put(symmetric, 0, n * n);
            if (!potrf(a, n)) {
                return null;
            }
            double[] l = new double[n * n];
            a.position(0).get(l, 0, n * n);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < j; i++) {
                    l[j * n + i] = 0;
                }
            }
            return l;
        }
    }

    /** γ_k = ku/(1 − ku). */
    static double gamma(long k) {
        double ku = k * U;
        if (!(ku < 0.5)) {
            throw new IllegalArgumentException("gamma_k needs k u < 1/2; got k = " + k);
        }
        return ku / (1 - ku);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "CholeskyBounds[N=%d, lambdaMin >= %.9g (%s, shift %.6g, allowance %.3g),"
                        + " lambdaMax <= %.9g (%s), Lanczos %.6g .. %.6g]", size, lower.bound(), lower.method(),
                lower.shift(), lower.allowance(), upper.bound(), upper.method(), estimate.lambdaMin(),
                estimate.lambdaMax());
    }
}

package org.rnntk.bounds;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.rnntk.core.Checks;

/**
 * Chatterjee's local PL criterion as pure math (docs/theory.md §9), for any nonnegative f given
 * f(x0), r, a lower bound on α(x0, r), an upper bound on β and a step η; see {@link PlVerdict}
 * for the formulas. Also the certified α lower bound for sums of squares and its least-squares
 * instance, and the 1-D search over r used by {@link RnnPl}.
 */
public final class LocalPl {

    /** Grid points of the log-spaced scan in {@link #maximizeMargin}. */
    static final int RADIUS_GRID = 96;
    /** Golden-section refinements after the scan. */
    static final int RADIUS_REFINE = 80;
    /**
     * Multiplier of n·u·‖G‖_F in the eigenvalue safety margin of {@link #gramSpectrum}: the symmetric
     * eigensolver's computed eigenvalues are exact for G + E with ‖E‖ ≤ p(n)·u·‖G‖ (Wilkinson); we
     * take p(n) = 16 n.
     */
    static final double EIGEN_MARGIN_FACTOR = 16.0;

    private LocalPl() {
    }

    /**
     * The gradient-flow verdict only (β is not needed): holds iff 4 f0 &lt; r² α.
     *
     * @param f0        f(x0) ≥ 0
     * @param r         ball radius &gt; 0
     * @param alpha     α ≥ 0, a lower bound on α(x0, r) (or an estimate)
     * @param alphaKind whether α is a certified lower bound
     */
    public static PlVerdict checkFlow(double f0, double r, double alpha, Certification alphaKind) {
        return evaluate(f0, r, alpha, alphaKind, Double.POSITIVE_INFINITY, Certification.CERTIFIED, 0.0, false);
    }

    /**
     * The gradient-flow and gradient-descent verdicts.
     *
     * @param f0        f(x0) ≥ 0
     * @param r         ball radius &gt; 0
     * @param alpha     α ≥ 0, a lower bound on α(x0, r) (or an estimate)
     * @param alphaKind whether α is a certified lower bound
     * @param beta      β ≥ 0, an upper bound on sup_B ‖∇²f‖ (or an estimate; +∞ if unknown)
     * @param betaKind  whether β is a certified upper bound
     * @param eta       the GD step η &gt; 0
     */
    public static PlVerdict check(double f0, double r, double alpha, Certification alphaKind, double beta,
                                  Certification betaKind, double eta) {
        Checks.positive("step eta", eta);
        return evaluate(f0, r, alpha, alphaKind, beta, betaKind, eta, true);
    }

    private static PlVerdict evaluate(double f0, double r, double alpha, Certification alphaKind, double beta,
                                      Certification betaKind, double eta, boolean withGd) {
        Checks.nonNegative("f(x0)", f0);
        Checks.positive("radius r", r);
        Checks.nonNegative("alpha lower bound", alpha);
        Objects.requireNonNull(alphaKind, "alphaKind");
        Objects.requireNonNull(betaKind, "betaKind");
        if (Double.isNaN(beta) || beta < 0) {
            throw new IllegalArgumentException("beta upper bound (" + beta + ") must be >= 0 (+Infinity if unknown)");
        }
        List<String> reasons = new ArrayList<>();
        Certification cert = withGd ? alphaKind.and(betaKind) : alphaKind;
        if (alphaKind != Certification.CERTIFIED) {
            reasons.add("alpha is an estimate, not a certified lower bound (sampling alpha over the ball gives an"
                    + " upper bound on the infimum: evidence, never a certificate)");
        }
        if (withGd && betaKind != Certification.CERTIFIED) {
            reasons.add("beta is an estimate, not a certified upper bound");
        }
        // d = 2√(f0/α), the flow's travel distance; 0 when f0 = 0, +∞ when α = 0 < f0.
        double travel = f0 == 0 ? 0.0 : (alpha == 0 ? Double.POSITIVE_INFINITY : 2.0 * Math.sqrt(f0 / alpha));
        double flowMargin = r * r * alpha - 4.0 * f0;
        boolean flow = travel < r && flowMargin > 0;
        if (!flow) {
            reasons.add(String.format(java.util.Locale.ROOT,
                    "margin negative: 4 f0 = %.6g >= r^2 alpha = %.6g", 4.0 * f0, r * r * alpha));
        }
        double etaMax = 0.0;
        if (flow) {
            etaMax = beta == 0 ? Double.POSITIVE_INFINITY : (2.0 / beta) * (1.0 - travel / r);
        }
        boolean gd = false;
        double gdRadius = Double.POSITIVE_INFINITY;
        double contraction = 1.0;
        if (withGd) {
            double s = 1.0 - beta * eta / 2.0;   // beta = +∞ gives −∞
            if (!(s > 0)) {
                reasons.add("step eta (" + eta + ") is not in (0, 2/beta) = (0, " + (2.0 / beta) + ")");
            } else {
                gd = 4.0 * f0 < s * s * r * r * alpha && travel / s < r;
                gdRadius = travel / s;
                contraction = 1.0 - alpha * eta * s;
                if (contraction < 0 && gd) {
                    // Under the GD criterion valid bounds give a factor in [0, 1) (docs/theory.md §9,
                    // "When is a negative contraction factor a contradiction?"): one of them is wrong.
                    throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                            "inconsistent bounds: the contraction 1 - alpha eta (1 - beta eta/2) = %.6g is negative"
                                    + " although the GD criterion holds (alpha = %s, beta = %s, eta = %s); valid"
                                    + " bounds then give a factor in [0, 1): the alpha lower bound or the beta"
                                    + " upper bound is wrong", contraction, alpha, beta, eta));
                }
                if (contraction < 0) {
                    reasons.add(String.format(java.util.Locale.ROOT,
                            "the contraction 1 - alpha eta (1 - beta eta/2) = %.6g is negative at eta = %.6g: no"
                                    + " rate is certified (the GD criterion fails, so the bounds need not be"
                                    + " inconsistent)", contraction, eta));
                }
                if (!gd && flow) {
                    reasons.add(String.format(java.util.Locale.ROOT,
                            "GD margin negative at eta = %.6g: 4 f0 = %.6g >= (1 - beta eta/2)^2 r^2 alpha = %.6g"
                                    + " (largest admissible step %.6g)", eta, 4.0 * f0, s * s * r * r * alpha, etaMax));
                }
            }
        } else {
            reasons.add("no step given: only the gradient-flow verdict was evaluated");
        }
        return new PlVerdict(f0, r, alpha, beta, withGd ? eta : 0.0, cert, flow, travel, alpha, gd, gdRadius,
                contraction, etaMax, reasons);
    }

    /**
     * The certified lower bound for a sum of squares f = c‖F‖² with Jacobian J (docs/theory.md §9):
     * α ≥ 4c · inf_B λ_min(J Jᵀ); pass a certified lower bound of that infimum.
     *
     * @param c              the scale c &gt; 0
     * @param lambdaMinGram  a lower bound on λ_min(J Jᵀ) over the ball (may be ≤ 0: then α ≥ 0 only)
     * @return 4c · max(λ_min, 0)
     */
    public static double alphaFromGram(double c, double lambdaMinGram) {
        Checks.positive("scale c", c);
        Checks.finite("lambdaMinGram", lambdaMinGram);
        return 4.0 * c * Math.max(lambdaMinGram, 0.0);
    }

    /**
     * The spectrum ends of a symmetric positive-semidefinite Gram matrix given exactly, with a certified
     * lower bound on λ_min that subtracts the eigensolver's backward-error bound 16·n·u·‖G‖_F
     * (u = 2^{−53}). For a Gram formed in floating point use {@link #gramSpectrum(double[][], double, double)}.
     *
     * @param gram a symmetric n×n matrix; not modified
     */
    public static GramSpectrum gramSpectrum(double[][] gram) {
        return spectrum(gram, 0.0, 0.0);
    }

    /**
     * The spectrum ends of a Gram matrix G̃ = fl(J̃ J̃ᵀ) formed in floating point from a computed
     * Jacobian J̃ with ‖J̃ − J‖_F ≤ {@code jacobianError}, with certified bounds on the spectrum of
     * the exact J Jᵀ (docs/theory.md §9, "Certified λ_min"):
     * <pre>
     *   E_eig  = 16 n u ‖G̃‖_F                              the symmetric eigensolver's backward error
     *   E_form = n γ_p max_q G̃_qq/(1 − γ_p),  γ_p = pu/(1 − pu)   forming G̃ (inner products of length p)
     *   σ_lo   = √(λ_min(G̃) − E_eig − E_form) − jacobianError   ≤ σ_min(J)
     *   certifiedLambdaMin = sign(σ_lo) σ_lo²,   certifiedLambdaMax = (√(λ_max(G̃) + E_eig + E_form) + jacobianError)²
     * </pre>
     * E_form: each computed inner product of length p, in any order, is within γ_p Σ_k|J̃_ik||J̃_jk|
     * ≤ γ_p ‖J̃_i‖‖J̃_j‖ of the exact one, and ‖J̃_q‖² ≤ G̃_qq/(1 − γ_p); an n×n matrix with entries
     * bounded by e has spectral norm ≤ n·e. The last step is Weyl's inequality for singular values.
     *
     * @param gram           the computed n×n Gram; not modified
     * @param innerDimension p, the length of the rows of J (the number of parameters), ≥ 1
     * @param jacobianError  a bound on ‖J̃ − J‖_F, ≥ 0 (0 when J is exact)
     */
    public static GramSpectrum gramSpectrum(double[][] gram, double innerDimension, double jacobianError) {
        if (!(innerDimension >= 1) || !Double.isFinite(innerDimension)) {
            throw new IllegalArgumentException("innerDimension p (" + innerDimension + ") must be finite and >= 1");
        }
        Checks.nonNegative("jacobianError", jacobianError);
        if (!(innerDimension * UNIT_ROUNDOFF < 0.5)) {
            throw new IllegalArgumentException("innerDimension p (" + innerDimension + ") too large: p u must be"
                    + " < 1/2 for the rounding bound");
        }
        return spectrum(gram, innerDimension, jacobianError);
    }

    /** The unit roundoff u = 2^{−53} of binary64. */
    static final double UNIT_ROUNDOFF = 0x1p-53;

    private static GramSpectrum spectrum(double[][] gram, double p, double jacobianError) {
        Objects.requireNonNull(gram, "gram");
        int n = gram.length;
        if (n == 0) {
            throw new IllegalArgumentException("gram must be a non-empty square matrix");
        }
        double fro = 0;
        double maxDiag = 0;
        for (int i = 0; i < n; i++) {
            Checks.length("gram[" + i + "]", gram[i], n, "a square Gram matrix");
            Checks.allFinite("gram[" + i + "]", gram[i]);
            for (int j = 0; j < n; j++) {
                fro += gram[i][j] * gram[i][j];
            }
            maxDiag = Math.max(maxDiag, gram[i][i]);
        }
        fro = Math.sqrt(fro);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double tol = 1e-12 * Math.max(1.0, fro);
                if (Math.abs(gram[i][j] - gram[j][i]) > tol) {
                    throw new IllegalArgumentException("gram is not symmetric: gram[" + i + "][" + j + "] ("
                            + gram[i][j] + ") != gram[" + j + "][" + i + "] (" + gram[j][i] + ")");
                }
            }
        }
        RealMatrix g = new Array2DRowRealMatrix(gram, true);
        double[] ev = new EigenDecomposition(g).getRealEigenvalues();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : ev) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double eig = EIGEN_MARGIN_FACTOR * n * UNIT_ROUNDOFF * fro;
        return certified(min, max, min - eig, max + eig, eig, n, maxDiag, p, jacobianError);
    }

    /**
     * The certified spectrum ends of the exact J Jᵀ from certified bounds on the spectrum of the
     * computed Gram G̃ itself (of its symmetric part (G̃ + G̃ᵀ)/2, as stored), obtained without a full
     * eigendecomposition — e.g. by the Cholesky certificate of kernels' {@code CholeskyBounds}
     * (docs/theory.md §9, "Certified λ_min without the full spectrum"). The allowances for forming
     * G̃ and for computing J are then applied exactly as in {@link #gramSpectrum(double[][], double, double)}:
     * <pre>
     *   σ_lo = √(lowerBound − E_form) − jacobianError,   certifiedLambdaMin = sign(σ_lo) σ_lo²
     *   certifiedLambdaMax = (√(upperBound + E_form) + jacobianError)²
     * </pre>
     * The returned {@link GramSpectrum#roundingMargin()} is {@code lowerAllowance + E_form}.
     *
     * @param lambdaMinEstimate an estimate of λ_min(G̃) (e.g. by Lanczos), reported as is
     * @param lambdaMaxEstimate an estimate of λ_max(G̃), reported as is
     * @param lowerBound        a certified lower bound on λ_min((G̃ + G̃ᵀ)/2)
     * @param upperBound        a certified upper bound on λ_max((G̃ + G̃ᵀ)/2), ≥ lowerBound
     * @param lowerAllowance    the rounding allowance already inside lowerBound, ≥ 0 (for the report)
     * @param size              n, the order of G̃, ≥ 1
     * @param maxDiagonal       max_q G̃_qq, ≥ 0
     * @param innerDimension    p, the length of the rows of J, ≥ 1
     * @param jacobianError     a bound on ‖J̃ − J‖_F, ≥ 0
     */
    public static GramSpectrum gramSpectrumFromBounds(double lambdaMinEstimate, double lambdaMaxEstimate,
                                                      double lowerBound, double upperBound, double lowerAllowance,
                                                      int size, double maxDiagonal, double innerDimension,
                                                      double jacobianError) {
        Checks.finite("lambdaMinEstimate", lambdaMinEstimate);
        Checks.finite("lambdaMaxEstimate", lambdaMaxEstimate);
        Checks.finite("lowerBound", lowerBound);
        Checks.finite("upperBound", upperBound);
        if (!(upperBound >= lowerBound)) {
            throw new IllegalArgumentException("upperBound (" + upperBound + ") must be >= lowerBound (" + lowerBound
                    + ")");
        }
        Checks.nonNegative("lowerAllowance", lowerAllowance);
        Checks.positive("size n", size);
        Checks.nonNegative("maxDiagonal", maxDiagonal);
        if (!(innerDimension >= 1) || !Double.isFinite(innerDimension) || !(innerDimension * UNIT_ROUNDOFF < 0.5)) {
            throw new IllegalArgumentException("innerDimension p (" + innerDimension + ") must be finite, >= 1 and"
                    + " < 1/(2u) for the rounding bound");
        }
        Checks.nonNegative("jacobianError", jacobianError);
        return certified(lambdaMinEstimate, lambdaMaxEstimate, lowerBound, upperBound, lowerAllowance, size,
                maxDiagonal, innerDimension, jacobianError);
    }

    /**
     * Applies E_form (p &gt; 0) and the Jacobian's allowance to certified bounds [lo, hi] on the
     * spectrum of the computed Gram.
     */
    private static GramSpectrum certified(double min, double max, double loComputed, double hiComputed,
                                          double innerAllowance, int n, double maxDiag, double p,
                                          double jacobianError) {
        double gamma = p * UNIT_ROUNDOFF / (1 - p * UNIT_ROUNDOFF);
        double form = p == 0 ? 0.0 : n * gamma * maxDiag / (1 - gamma);
        double margin = innerAllowance + form;
        double lo = loComputed - form;
        double sigmaLo = Math.sqrt(Math.max(lo, 0.0)) - jacobianError;
        double certifiedMin = lo <= 0 ? lo - jacobianError * jacobianError : Math.signum(sigmaLo) * sigmaLo * sigmaLo;
        double sigmaHi = Math.sqrt(Math.max(hiComputed + form, 0.0)) + jacobianError;
        return new GramSpectrum(min, max, margin, jacobianError, certifiedMin, sigmaHi * sigmaHi);
    }

    /**
     * The spectrum ends of a Gram matrix.
     *
     * @param lambdaMin          computed λ_min (by the full eigendecomposition, or the Lanczos estimate when
     *                           built by {@link #gramSpectrumFromBounds})
     * @param lambdaMax          computed λ_max (likewise)
     * @param roundingMargin     the allowance on λ_min for the eigensolver and for forming G (E_eig + E_form),
     *                           or, from {@link #gramSpectrumFromBounds}, the certificate's own allowance + E_form
     * @param jacobianError      the allowance ‖J̃ − J‖_F for computing J (0 when J is exact)
     * @param certifiedLambdaMin a certified lower bound on λ_min of the exact Gram (≤ 0: treat as singular)
     * @param certifiedLambdaMax a certified upper bound on λ_max of the exact Gram
     */
    public record GramSpectrum(double lambdaMin, double lambdaMax, double roundingMargin, double jacobianError,
                               double certifiedLambdaMin, double certifiedLambdaMax) {
    }

    /**
     * Least squares f(x) = ‖Ax − b‖² (docs/theory.md §9): α ≥ 4λ_min(AAᵀ) (certified when A has no
     * more rows than columns and AAᵀ is positive definite), β = 2λ_max(AᵀA) = 2λ_max(AAᵀ) exactly.
     *
     * @param a   k×p matrix A; not modified
     * @param b   length k; not modified
     * @param x0  length p; not modified
     * @param r   ball radius
     * @param eta GD step
     */
    public static PlVerdict leastSquares(double[][] a, double[] b, double[] x0, double r, double eta) {
        Objects.requireNonNull(a, "A");
        int k = a.length;
        if (k == 0) {
            throw new IllegalArgumentException("A must have at least one row");
        }
        int p = a[0].length;
        Checks.length("b", b, k, "A with " + k + " rows");
        Checks.length("x0", x0, p, "A with " + p + " columns");
        Checks.allFinite("b", b);
        Checks.allFinite("x0", x0);
        double[][] aat = new double[k][k];
        double f0 = 0;
        for (int i = 0; i < k; i++) {
            Checks.length("A[" + i + "]", a[i], p, "a rectangular matrix");
            Checks.allFinite("A[" + i + "]", a[i]);
            double res = -b[i];
            for (int j = 0; j < p; j++) {
                res += a[i][j] * x0[j];
            }
            f0 += res * res;
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int l = 0; l < p; l++) {
                    s += a[i][l] * a[j][l];
                }
                aat[i][j] = s;
            }
        }
        GramSpectrum spec = gramSpectrum(aat, p, 0.0);
        double alpha = alphaFromGram(1.0, spec.certifiedLambdaMin());
        double beta = 2.0 * spec.certifiedLambdaMax();
        Certification kind = k <= p && spec.certifiedLambdaMin() > 0 ? Certification.CERTIFIED : Certification.ESTIMATE;
        PlVerdict v = check(f0, r, alpha, kind, beta, Certification.CERTIFIED, eta);
        if (k > p) {
            List<String> reasons = new ArrayList<>(v.reasons());
            reasons.add(0, "N > p: A has " + k + " rows but " + p + " columns, so A A^T is singular");
            return withReasons(v, reasons);
        }
        if (spec.certifiedLambdaMin() <= 0) {
            List<String> reasons = new ArrayList<>(v.reasons());
            reasons.add(0, "Gram singular: lambda_min(A A^T) (" + spec.lambdaMin() + ") <= rounding margin "
                    + spec.roundingMargin());
            return withReasons(v, reasons);
        }
        return v;
    }

    static PlVerdict withReasons(PlVerdict v, List<String> reasons) {
        return new PlVerdict(v.f0(), v.r(), v.alpha(), v.beta(), v.eta(), v.certification(), v.flowHolds(),
                v.flowRadius(), v.flowRate(), v.gdHolds(), v.gdRadius(), v.gdContraction(), v.etaMax(), reasons);
    }

    /**
     * Maximizes a margin function over r ∈ [rMin, rMax] by a log-spaced scan followed by
     * golden-section refinement around the best grid point. Any r it returns with a positive
     * margin is a valid certificate; the search only affects tightness.
     *
     * @param margin the function of r to maximize (must not return NaN)
     * @param rMin   smallest radius &gt; 0
     * @param rMax   largest radius ≥ rMin
     */
    public static RadiusChoice maximizeMargin(DoubleUnaryOperator margin, double rMin, double rMax) {
        Objects.requireNonNull(margin, "margin");
        Checks.positive("rMin", rMin);
        Checks.positive("rMax", rMax);
        if (rMax < rMin) {
            throw new IllegalArgumentException("rMax (" + rMax + ") must be >= rMin (" + rMin + ")");
        }
        double lo = Math.log(rMin);
        double hi = Math.log(rMax);
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        double[] xs = new double[RADIUS_GRID];
        for (int i = 0; i < RADIUS_GRID; i++) {
            xs[i] = RADIUS_GRID == 1 ? lo : lo + (hi - lo) * i / (RADIUS_GRID - 1);
            double v = eval(margin, Math.exp(xs[i]));
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        double a = xs[Math.max(0, best - 1)];
        double b = xs[Math.min(RADIUS_GRID - 1, best + 1)];
        double bestX = xs[best];
        double g = (Math.sqrt(5.0) - 1.0) / 2.0;
        double c = b - g * (b - a);
        double d = a + g * (b - a);
        double fc = eval(margin, Math.exp(c));
        double fd = eval(margin, Math.exp(d));
        for (int i = 0; i < RADIUS_REFINE && b - a > 1e-15 * Math.max(1.0, Math.abs(b)); i++) {
            if (fc >= fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = eval(margin, Math.exp(c));
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = eval(margin, Math.exp(d));
            }
            if (fc > bestValue) {
                bestValue = fc;
                bestX = c;
            }
            if (fd > bestValue) {
                bestValue = fd;
                bestX = d;
            }
        }
        return new RadiusChoice(Math.exp(bestX), bestValue);
    }

    private static double eval(DoubleUnaryOperator f, double r) {
        double v = f.applyAsDouble(r);
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException("margin function returned NaN at r = " + r);
        }
        return v;
    }

    /**
     * The result of {@link #maximizeMargin}.
     *
     * @param r      the best radius found
     * @param margin the margin there
     */
    public record RadiusChoice(double r, double margin) {
    }
}

package org.rnntk.bounds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

import org.rnntk.core.Checks;

/**
 * The first-layer α bound for feedforward networks with the "positive" initialization of
 * Chatterjee (docs/theory.md §9): W1 = 0, biases 0, φ(0) = 0, every hidden weight of layer
 * ℓ = 2..L−1 equal to c_ℓ &gt; r, every output weight equal to M &gt; r. With G = XXᵀ, d_ℓ the width
 * of hidden layer ℓ and
 * <pre>
 *   Z_1 = r max‖x_i‖,   Z_ℓ = d_{ℓ−1}(c_ℓ + r) H_{ℓ−1} + r,
 *   H_ℓ = max_{|t|≤Z_ℓ} |φ(t)|,   m_ℓ = min_{|t|≤Z_ℓ} φ'(t),
 *   Q   = Π_{ℓ=1}^{L−1} m_ℓ · Π_{ℓ=2}^{L−1} d_ℓ (c_ℓ − r),
 * </pre>
 * the loss L = (1/n) Σ r_i² satisfies α(θ0, r) ≥ (4 λ_min(G) d_1/n) Q² (M − r)², and the criterion
 * 4 f0 &lt; r² α holds once M &gt; r + √(n f0/(λ_min(G) d_1))/(r Q), f0 = (1/n) Σ y_i².
 *
 * <p><b>Assumption on φ.</b> H_ℓ and m_ℓ are evaluated at the endpoints ±Z_ℓ:
 * H_ℓ = max(|φ(Z_ℓ)|, |φ(−Z_ℓ)|), m_ℓ = min(φ'(Z_ℓ), φ'(−Z_ℓ)). This is exact for a strictly
 * increasing φ with φ(0) = 0 whose derivative φ' is even and nonincreasing in |t|: tanh, the
 * centred sigmoid σ(t) − 1/2, arctan, softsign, and similar. The assumption is spot-checked on a grid of
 * {@value #ASSUMPTION_GRID} points (a violation throws); the check is evidence, not a proof.
 */
public final class FeedforwardPl {

    /** Grid points of the spot check of the endpoint assumption. */
    static final int ASSUMPTION_GRID = 1025;
    /** Relative slack of that spot check. */
    static final double ASSUMPTION_SLACK = 1e-12;

    private FeedforwardPl() {
    }

    /**
     * The inputs.
     *
     * @param phi           φ, with φ(0) = 0
     * @param phiPrime      φ'
     * @param hiddenWidths  d_1..d_{L−1} (at least one hidden layer); copied
     * @param hiddenWeights c_2..c_{L−1} (length L − 2), each &gt; r; copied
     * @param r             ball radius r &gt; 0
     * @param maxInputNorm  max_i ‖x_i‖ &gt; 0
     * @param lambdaMinG    λ_min(XXᵀ) (may be ≤ 0: then nothing is certified)
     * @param gramKind      whether λ_min(G) is a certified lower bound
     * @param samples       n
     * @param inputDim      d (linearly independent inputs need d ≥ n)
     * @param f0            (1/n) Σ y_i² ≥ 0 (the network output is 0 at this initialization)
     */
    public record Problem(DoubleUnaryOperator phi, DoubleUnaryOperator phiPrime, int[] hiddenWidths,
                          double[] hiddenWeights, double r, double maxInputNorm, double lambdaMinG,
                          Certification gramKind, int samples, int inputDim, double f0) {

        public Problem {
            Objects.requireNonNull(phi, "phi");
            Objects.requireNonNull(phiPrime, "phiPrime");
            Objects.requireNonNull(gramKind, "gramKind");
            Objects.requireNonNull(hiddenWidths, "hiddenWidths");
            Objects.requireNonNull(hiddenWeights, "hiddenWeights");
            hiddenWidths = hiddenWidths.clone();
            hiddenWeights = hiddenWeights.clone();
            if (hiddenWidths.length < 1) {
                throw new IllegalArgumentException("hiddenWidths must list d_1..d_{L-1}: at least one hidden layer");
            }
            for (int i = 0; i < hiddenWidths.length; i++) {
                Checks.positive("hiddenWidths[" + i + "] (d_" + (i + 1) + ")", hiddenWidths[i]);
            }
            Checks.positive("radius r", r);
            if (hiddenWeights.length != hiddenWidths.length - 1) {
                throw new IllegalArgumentException("hiddenWeights has length " + hiddenWeights.length
                        + " but " + hiddenWidths.length + " hidden layers need c_2..c_{L-1}: length "
                        + (hiddenWidths.length - 1));
            }
            Checks.allFinite("hiddenWeights", hiddenWeights);
            for (int i = 0; i < hiddenWeights.length; i++) {
                if (!(hiddenWeights[i] > r)) {
                    throw new IllegalArgumentException("hypothesis c_l > r fails: hiddenWeights[" + i + "] (c_"
                            + (i + 2) + " = " + hiddenWeights[i] + ") <= r (" + r + ")");
                }
            }
            Checks.positive("maxInputNorm", maxInputNorm);
            Checks.finite("lambdaMinG", lambdaMinG);
            Checks.positive("samples n", samples);
            Checks.positive("input dimension d", inputDim);
            Checks.nonNegative("f0", f0);
            double phi0 = phi.applyAsDouble(0.0);
            if (!(Math.abs(phi0) <= 1e-12)) {
                throw new IllegalArgumentException("hypothesis phi(0) = 0 fails: phi(0) = " + phi0
                        + " (the positive initialization needs a zero output at W1 = 0)");
            }
        }

        @Override
        public int[] hiddenWidths() {
            return hiddenWidths.clone();
        }

        @Override
        public double[] hiddenWeights() {
            return hiddenWeights.clone();
        }
    }

    /**
     * The constants Z_ℓ, H_ℓ, m_ℓ, Q and the output-weight threshold.
     *
     * @param problem        the inputs
     * @param z              Z_1..Z_{L−1}
     * @param h              H_1..H_{L−1}
     * @param minSlope       m_1..m_{L−1}
     * @param q              Q
     * @param threshold      r + √(n f0/(λ_min(G) d_1))/(r Q) (+∞ when λ_min(G) ≤ 0 or Q = 0)
     * @param certification  CERTIFIED when λ_min(G) is a certified positive bound, d ≥ n and Q &gt; 0
     * @param reasons        why not certified (empty when certified)
     */
    public record Bound(Problem problem, double[] z, double[] h, double[] minSlope, double q, double threshold,
                        Certification certification, List<String> reasons) {

        public Bound {
            z = z.clone();
            h = h.clone();
            minSlope = minSlope.clone();
            reasons = List.copyOf(reasons);
        }

        @Override
        public double[] z() {
            return z.clone();
        }

        @Override
        public double[] h() {
            return h.clone();
        }

        @Override
        public double[] minSlope() {
            return minSlope.clone();
        }

        /** (4 λ_min(G) d_1/n) Q² (M − r)², for output weight M &gt; r. */
        public double alphaLowerBound(double outputWeight) {
            Checks.finite("output weight M", outputWeight);
            if (!(outputWeight > problem.r())) {
                throw new IllegalArgumentException("hypothesis M > r fails: output weight M (" + outputWeight
                        + ") <= r (" + problem.r() + ")");
            }
            double lam = Math.max(problem.lambdaMinG(), 0.0);
            double d = outputWeight - problem.r();
            return 4.0 * lam * problem.hiddenWidths[0] / problem.samples() * q * q * d * d;
        }

        /** The gradient-flow verdict at output weight M (β grows like M² and is not bounded here). */
        public PlVerdict verdict(double outputWeight) {
            PlVerdict v = LocalPl.checkFlow(problem.f0(), problem.r(), alphaLowerBound(outputWeight), certification);
            List<String> all = new ArrayList<>(reasons);
            all.addAll(v.reasons());
            return LocalPl.withReasons(v, all);
        }

        /** Both verdicts at output weight M, given a β bound (it must scale like M²) and a step. */
        public PlVerdict verdict(double outputWeight, double beta, Certification betaKind, double eta) {
            PlVerdict v = LocalPl.check(problem.f0(), problem.r(), alphaLowerBound(outputWeight), certification, beta,
                    betaKind, eta);
            List<String> all = new ArrayList<>(reasons);
            all.addAll(v.reasons());
            return LocalPl.withReasons(v, all);
        }

        public String describe() {
            return String.format(Locale.ROOT,
                    "positive initialization (docs/theory.md section 9) [%s]%n  Z = %s%n  H = %s%n  m = %s%n"
                            + "  Q = %.6g, criterion holds for output weight M > %.6g%s",
                    certification, Arrays.toString(z), Arrays.toString(h), Arrays.toString(minSlope), q, threshold,
                    reasons.isEmpty() ? "" : System.lineSeparator() + "  not certified: " + reasons);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** Computes Z_ℓ, H_ℓ, m_ℓ, Q and the threshold on M. */
    public static Bound positiveInit(Problem p) {
        Objects.requireNonNull(p, "problem");
        int layers = p.hiddenWidths.length;
        double[] z = new double[layers];
        double[] h = new double[layers];
        double[] m = new double[layers];
        double r = p.r();
        for (int l = 0; l < layers; l++) {
            z[l] = l == 0 ? r * p.maxInputNorm()
                    : p.hiddenWidths[l - 1] * (p.hiddenWeights[l - 1] + r) * h[l - 1] + r;
            Checks.finite("Z_" + (l + 1), z[l]);
            double zl = z[l];
            h[l] = Math.max(Math.abs(value(p.phi(), zl, "phi")), Math.abs(value(p.phi(), -zl, "phi")));
            m[l] = Math.min(value(p.phiPrime(), zl, "phi'"), value(p.phiPrime(), -zl, "phi'"));
            spotCheck(p, l + 1, zl, h[l], m[l]);
        }
        double q = 1.0;
        for (int l = 0; l < layers; l++) {
            q *= m[l];
        }
        for (int l = 1; l < layers; l++) {
            q *= p.hiddenWidths[l] * (p.hiddenWeights[l - 1] - r);
        }
        List<String> reasons = new ArrayList<>();
        if (p.gramKind() != Certification.CERTIFIED) {
            reasons.add("lambda_min(G) is an estimate, not a certified lower bound");
        }
        if (p.inputDim() < p.samples()) {
            reasons.add("N > p analogue: d (" + p.inputDim() + ") < n (" + p.samples()
                    + "), so the inputs cannot be linearly independent and G = X X^T is singular");
        }
        if (!(p.lambdaMinG() > 0)) {
            reasons.add("Gram singular: lambda_min(G) (" + p.lambdaMinG() + ") <= 0");
        }
        if (!(q > 0)) {
            reasons.add("Q (" + q + ") <= 0: phi' vanishes on [-Z, Z] (phi must be strictly increasing)");
        }
        double threshold = (p.lambdaMinG() > 0 && q > 0)
                ? r + Math.sqrt(p.samples() * p.f0() / (p.lambdaMinG() * p.hiddenWidths[0])) / (r * q)
                : Double.POSITIVE_INFINITY;
        Certification kind = reasons.isEmpty() ? Certification.CERTIFIED : Certification.ESTIMATE;
        return new Bound(p, z, h, m, q, threshold, kind, reasons);
    }

    private static double value(DoubleUnaryOperator f, double t, String name) {
        double v = f.applyAsDouble(t);
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + "(" + t + ") (" + v + ") must be finite");
        }
        return v;
    }

    private static void spotCheck(Problem p, int layer, double z, double h, double m) {
        for (int i = 0; i < ASSUMPTION_GRID; i++) {
            double t = -z + 2.0 * z * i / (ASSUMPTION_GRID - 1);
            double f = Math.abs(value(p.phi(), t, "phi"));
            double d = value(p.phiPrime(), t, "phi'");
            if (f > h * (1 + ASSUMPTION_SLACK) + ASSUMPTION_SLACK || d < m - ASSUMPTION_SLACK * (1 + Math.abs(m))) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "assumption on phi fails at layer %d: on [-Z, Z] with Z = %.6g the extremes of |phi| and phi'"
                                + " are not at the endpoints (t = %.6g: |phi| = %.6g vs H = %.6g, phi' = %.6g vs m = %.6g)",
                        layer, z, t, f, h, d, m));
            }
        }
    }
}

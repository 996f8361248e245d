package org.rnntk.bounds;

import java.util.Locale;
import java.util.Objects;

import org.rnntk.bounds.internal.LogMath;
import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Checks;

/**
 * The explicit constants of the per-neuron lemmas (docs/theory.md §7) for one neuron whose
 * recurrent weight satisfies |w| ≤ a, with inputs ‖x_t‖₂ ≤ 1, at time step t. With r = aσ1 and
 * S_t = S_t(r) (the geometric sum of docs/theory.md §6):
 * <pre>
 *   |h_t|                ≤ σ0                                  hiddenBound
 *   |a_t| = |∂h_t/∂w|    ≤ σ0 σ1 S_{t−1}                       sensitivityWBound
 *   ‖b_t‖ = ‖∇_u h_t‖    ≤ σ1 S_t                              sensitivityUBound
 *   ‖∇_θ h_t‖            ≤ σ1 S_t √(σ0² + 1)                   gradientBound  (= G1 at t = T)
 *   |∂²h_t/∂w²|          ≤ σ0 S_t² (σ2 σ0 S_t + 2σ1²)          hessianWW
 *   ‖∇_u ∂h_t/∂w‖        ≤ S_t² (σ2 σ0 S_t + σ1²)              hessianUW
 *   ‖∇²_u h_t‖           ≤ σ2 S_t³                             hessianUU
 *   per-neuron Hessian   ≤ M_t = ‖[[A, C], [C, B]]‖₂ = (A + B)/2 + √(((A − B)/2)² + C²)
 *                          with A = hessianWW, B = hessianUU, C = hessianUW            hessianBound
 * </pre>
 * <p>Proof of the last line: the per-neuron Hessian is the symmetric block matrix
 * H = [[h_ww, g_uwᵀ], [g_uw, H_uu]] (h_ww ∈ R, g_uw = ∇_u∂_w h_t ∈ R^d, H_uu = ∇²_u h_t). For a
 * unit vector (s, v) with s ∈ R, v ∈ R^d, |(s, v)ᵀH(s, v)| ≤ A s² + 2C|s|‖v‖ + B‖v‖²
 * = (|s|, ‖v‖)·K·(|s|, ‖v‖)ᵀ with K = [[A, C], [C, B]] entrywise nonnegative, and the maximum of
 * that quadratic form over the unit circle is λ_max(K) = ‖K‖₂. Since H is symmetric, ‖H‖₂ is the
 * largest |quadratic form|, so ‖H‖₂ ≤ ‖K‖₂. It never exceeds the former bound max(A, B) + C
 * (Weyl: K = diag(A, B) + [[0, C], [C, 0]]), and is smaller unless C = 0.
 * Because the output is F_t = (1/√m) Σ_i c_i h_t^i with |c_i| = 1, ‖∇_Θ F_t‖ ≤ G1 and the Hessian
 * of F_t in Θ, block diagonal over neurons, has norm ≤ M_t/√m. All bounds increase in t, so the
 * values at t = T cover every t ≤ T.
 *
 * <p>These constants are the library's own derivation (docs/theory.md §7),
 * not copied from the source paper, whose full text was unavailable.
 *
 * <p>Every value is computed in log space and exponentiated at the end, so an astronomically large
 * constant is +∞ in the linear fields (never NaN) while the {@code log*} fields stay finite.
 *
 * @param activation        σ0, σ1, σ2
 * @param a                 the bound a ≥ 0 on |w|
 * @param t                 the time step, ≥ 1
 * @param rate              r = aσ1
 * @param sT                S_t(r)
 * @param sTMinus1          S_{t−1}(r)
 * @param hiddenBound       σ0
 * @param sensitivityWBound σ0 σ1 S_{t−1}
 * @param sensitivityUBound σ1 S_t
 * @param gradientBound     σ1 S_t √(σ0² + 1)
 * @param hessianWW         σ0 S_t² (σ2 σ0 S_t + 2σ1²)
 * @param hessianUW         S_t² (σ2 σ0 S_t + σ1²)
 * @param hessianUU         σ2 S_t³
 * @param hessianBound      M_t = (A + B)/2 + √(((A − B)/2)² + C²), the spectral norm of [[A, C], [C, B]]
 * @param logST             ln S_t
 * @param logGradientBound  ln of {@code gradientBound}
 * @param logHessianBound   ln M_t
 */
public record LemmaConstants(ActivationConstants activation, double a, long t, double rate, double sT,
                             double sTMinus1, double hiddenBound, double sensitivityWBound,
                             double sensitivityUBound, double gradientBound, double hessianWW,
                             double hessianUW, double hessianUU, double hessianBound, double logST,
                             double logGradientBound, double logHessianBound) {

    public LemmaConstants {
        Objects.requireNonNull(activation, "activation");
        Checks.nonNegative("a", a);
        if (t < 1) {
            throw new IllegalArgumentException("time step t (" + t + ") must be >= 1");
        }
    }

    /**
     * Computes the constants of docs/theory.md §7.
     *
     * @param activation σ0, σ1, σ2 of the activation
     * @param a          a bound a ≥ 0 on |w| (inside the PGD set: a = α + ρ_w/√m)
     * @param t          the time step t ≥ 1 (use T for G1 and M = M_T)
     */
    public static LemmaConstants of(ActivationConstants activation, double a, long t) {
        Objects.requireNonNull(activation, "activation");
        Checks.nonNegative("a", a);
        if (t < 1) {
            throw new IllegalArgumentException("time step t (" + t + ") must be >= 1");
        }
        double s0 = activation.sigma0();
        double s1 = activation.sigma1();
        double s2 = activation.sigma2();
        double r = a * s1;
        double logS = MuT.logGeometricSum(t, r);
        double logSm1 = MuT.logGeometricSum(t - 1, r);
        double logA = Math.log(s0) + Math.log(s1) + logSm1;
        double logB = Math.log(s1) + logS;
        double logG = logGradient(activation, logS);
        double logWW = logHessianWW(activation, logS);
        double logUW = logHessianUW(activation, logS);
        double logUU = Math.log(s2) + 3.0 * logS;
        double logM = logBlockNorm(logWW, logUU, logUW);
        return new LemmaConstants(activation, a, t, r, MuT.geometricSum(t, r), MuT.geometricSum(t - 1, r), s0,
                Math.exp(logA), Math.exp(logB), Math.exp(logG), Math.exp(logWW), Math.exp(logUW),
                Math.exp(logUU), Math.exp(logM), logS, logG, logM);
    }

    /** ln(σ1 S √(σ0² + 1)) given ln S. */
    static double logGradient(ActivationConstants c, double logS) {
        return Math.log(c.sigma1()) + logS + 0.5 * Math.log(c.sigma0() * c.sigma0() + 1.0);
    }

    /** ln M_T given ln S_T. */
    static double logHessian(ActivationConstants c, double logS) {
        double logUU = Math.log(c.sigma2()) + 3.0 * logS;
        return logBlockNorm(logHessianWW(c, logS), logUU, logHessianUW(c, logS));
    }

    /**
     * ln ‖[[A, C], [C, B]]‖₂ = ln((A + B)/2 + √(((A − B)/2)² + C²)) from ln A, ln B, ln C, without
     * overflow: everything is scaled by the largest of A, B, C first. ln 0 = −∞ is allowed.
     */
    static double logBlockNorm(double logA, double logB, double logC) {
        double top = Math.max(logA, Math.max(logB, logC));
        if (top == Double.NEGATIVE_INFINITY) {
            return top;
        }
        double a = Math.exp(logA - top);
        double b = Math.exp(logB - top);
        double c = Math.exp(logC - top);
        return top + Math.log(0.5 * (a + b) + Math.hypot(0.5 * (a - b), c));
    }

    private static double logHessianWW(ActivationConstants c, double logS) {
        double s0 = c.sigma0();
        double s1 = c.sigma1();
        return Math.log(s0) + 2.0 * logS
                + LogMath.logAdd(Math.log(c.sigma2() * s0) + logS, Math.log(2.0 * s1 * s1));
    }

    private static double logHessianUW(ActivationConstants c, double logS) {
        double s1 = c.sigma1();
        return 2.0 * logS + LogMath.logAdd(Math.log(c.sigma2() * c.sigma0()) + logS, Math.log(s1 * s1));
    }

    /** A multi-line breakdown for notebooks. */
    public String describe() {
        return String.format(Locale.ROOT,
                "lemma constants (docs/theory.md section 7), |w| <= a = %.6g, t = %d, r = a*sigma1 = %.6g%n"
                        + "  S_t = %.6g, S_{t-1} = %.6g%n"
                        + "  |h_t|            <= %.6g%n"
                        + "  |a_t|            <= %.6g%n"
                        + "  ||b_t||          <= %.6g%n"
                        + "  ||grad h_t||     <= G1 = %.6g%n"
                        + "  |d2h/dw2|        <= %.6g%n"
                        + "  ||grad_u dh/dw|| <= %.6g%n"
                        + "  ||hess_u h_t||   <= %.6g%n"
                        + "  per-neuron Hessian <= M_t = ||[[ww, uw], [uw, uu]]|| = %.6g (log10 = %.4f)",
                a, t, rate, sT, sTMinus1, hiddenBound, sensitivityWBound, sensitivityUBound, gradientBound,
                hessianWW, hessianUW, hessianUU, hessianBound, LogMath.toLog10(logHessianBound));
    }

    @Override
    public String toString() {
        return describe();
    }
}

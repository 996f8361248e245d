package org.rnntk.bounds;

import java.util.Locale;

import org.rnntk.bounds.internal.LogMath;

/**
 * The width-dependent part of the PGD bound at one width m (docs/theory.md §8):
 * <pre>
 *   a        = α + ρ_w/√m                         (bound on |w_i| inside Ω; α + ρ/√m on a joint ball)
 *   ρ        = √(ρ_w² + ρ_u²)                       (‖Θ − Θ0‖₂ ≤ ρ inside Ω; the joint radius for GD)
 *   B0       = σ1 S_T(ασ1) (σ0 ν̄_w + ν̄_u)
 *   G1, M    = G1 and M_T of docs/theory.md §7 at a
 *   Rmax     = Ymax + G1 ρ                         (|r_q| ≤ Rmax on the region)
 *   β        = G1² + Rmax M/√m                      (smoothness bound of R̂ on the region)
 *   R        = Ymax ({@link ResidualBound#DESCENT}, needs η ≤ 1/β) or Rmax ({@link ResidualBound#REGION})
 *   ε_app    = 2 B0 √(ln(2N/δ)/m)                  (Hoeffding + union bound over the N outputs)
 *   λ_m      = 2 M ρ²/√m                           (linearization error on Ω)
 *   e        = ε_app + λ_m/4
 *   approximation = (B0 + Ymax) e + e²/2
 *   linearization = λ_m R
 * </pre>
 * The width condition of {@link Bounds#requiredWidth} is approximation + linearization ≤ ε/2.
 * Linear values are +∞ where they overflow a double; the {@code log} fields stay finite.
 *
 * @param problem       the inputs
 * @param delta         failure probability δ
 * @param m             the width (+∞ when it exceeds the double range; see {@code logWidth})
 * @param logWidth      ln m
 * @param outputCount   N
 * @param logFactor     ln(2N/δ)
 * @param a             α + ρ_w/√m (PGD) or α + ρ/√m (one joint per-neuron radius, unregularized GD)
 * @param rho           ρ, the bound on ‖Θ − Θ0‖₂ the terms use
 * @param b0            B0
 * @param g1            G1 at a
 * @param hessianM      M = M_T at a
 * @param rMax          Ymax + G1 ρ
 * @param epsApp        ε_app
 * @param lambdaM       λ_m
 * @param e             ε_app + λ_m/4
 * @param approximation (B0 + Ymax) e + e²/2
 * @param linearization λ_m R, R = {@code residual}
 * @param logApproximation ln of {@code approximation}
 * @param logLinearization ln of {@code linearization}
 * @param logG1         ln G1
 * @param logRMax       ln Rmax
 * @param residualBound which bound R on the mean residual the linearization term uses
 * @param residual      R: Ymax ({@link ResidualBound#DESCENT}) or Rmax ({@link ResidualBound#REGION})
 * @param logResidual   ln R
 * @param beta          β = G1² + Rmax M/√m, the smoothness bound of R̂ on the region these terms
 *                      describe (+∞ where it overflows); {@link ResidualBound#DESCENT} needs η ≤ 1/β
 */
public record WidthTerms(PgdProblem problem, double delta, double m, double logWidth, long outputCount,
                         double logFactor, double a, double rho, double b0, double g1, double hessianM, double rMax,
                         double epsApp, double lambdaM, double e, double approximation, double linearization,
                         double logApproximation, double logLinearization, double logG1,
                         double logRMax, ResidualBound residualBound, double residual, double logResidual,
                         double beta) {

    public WidthTerms {
        java.util.Objects.requireNonNull(problem, "problem");
        java.util.Objects.requireNonNull(residualBound, "residualBound");
    }

    /** 1/β, the largest step for which {@link ResidualBound#DESCENT} holds on this region. */
    public double maxStep() {
        return 1.0 / beta;
    }

    /** approximation + linearization, the quantity that must be ≤ ε/2. */
    public double total() {
        return Math.exp(logTotal());
    }

    /** ln(approximation + linearization). */
    public double logTotal() {
        return LogMath.logAdd(logApproximation, logLinearization);
    }

    /** log10 m. */
    public double log10Width() {
        return LogMath.toLog10(logWidth);
    }

    /** "approximation" or "linearization", whichever is larger. */
    public String dominantTerm() {
        return logApproximation >= logLinearization ? "approximation" : "linearization";
    }

    /** A multi-line breakdown. */
    public String describe() {
        return String.format(Locale.ROOT,
                "width terms at m = %.6g (log10 m = %.4f), delta = %s, N = %d, ln(2N/delta) = %.6g%n"
                        + "  a = %.10g, rho = %.6g, B0 = %.6g, G1 = %.6g, M = %.6g, Rmax = %.6g, beta = %.6g%n"
                        + "  eps_app = %.6g, lambda_m = %.6g, e = eps_app + lambda_m/4 = %.6g%n"
                        + "  approximation (B0+Ymax)e + e^2/2 = %.6g%n"
                        + "  linearization lambda_m*%s      = %.6g%n"
                        + "  sum = %.6g (dominant: %s)%n"
                        + "  %s",
                m, log10Width(), delta, outputCount, logFactor, a, rho, b0, g1, hessianM, rMax, beta, epsApp, lambdaM,
                e, approximation, residualBound == ResidualBound.DESCENT ? "Ymax" : "Rmax", linearization, total(),
                dominantTerm(), residualText());
    }

    /** Which residual bound the terms use, and under which hypothesis. */
    String residualText() {
        return residualBound == ResidualBound.DESCENT
                ? String.format(Locale.ROOT, "residual bound: Ymax = %.6g (loss non-increasing: needs eta <= 1/beta ="
                        + " %.6g and F(Theta0) = 0, the symmetric initialization)", residual, maxStep())
                : String.format(Locale.ROOT, "residual bound: Rmax = Ymax + G1 rho = %.6g (any step)", residual);
    }

    @Override
    public String toString() {
        return describe();
    }
}

package org.rnntk.bounds;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.rnntk.bounds.internal.LogMath;

/**
 * The PGD guarantee of docs/theory.md §8 at a given width, iteration count and step, with
 * probability ≥ 1 − δ over the initialization:
 * <pre>
 *   min_{k&lt;τ} R̂(Θ(k)) − R̂(f) ≤ (B0 + Ymax) e + e²/2 + ν̄²/(2ητ) + (η/2) G1² R² + λ_m R
 *                            = approximation + optimizationDistance + optimizationGradient + linearization,
 * </pre>
 * where R bounds the mean residual (1/N)Σ|r_q| along the run ({@link #residualBound()}):
 * R = Ymax ({@link ResidualBound#DESCENT}) when η ≤ 1/β, β = G1² + Rmax M/√m on the region (the
 * loss never increases; needs F(Θ0) = 0), otherwise R = Rmax = Ymax + G1ρ ({@link ResidualBound#REGION}).
 * {@link #total()} is this excess over the reference risk R̂(f).
 *
 * @param terms                 the width-dependent terms (approximation, linearization, ...)
 * @param tau                   τ
 * @param eta                   η
 * @param optimizationDistance  ν̄²/(2ητ)
 * @param optimizationGradient  (η/2) G1² R²
 * @param total                 the sum of the four terms (+∞ if it overflows)
 * @param log10Total            log10 of the sum
 * @param beta                  the smoothness bound β whose 1/β the step is compared with: on Ω for
 *                              PGD, on the drift region of ρ_GD for unregularized GD
 * @param hypotheses            the hypotheses checked
 */
public record PgdBound(WidthTerms terms, double tau, double eta, double optimizationDistance,
                       double optimizationGradient, double total, double log10Total, double beta,
                       List<String> hypotheses) {

    public PgdBound {
        Objects.requireNonNull(terms, "terms");
        if (terms.residualBound() == ResidualBound.DESCENT && !(eta <= 1.0 / beta)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "step eta (%s) exceeds 1/beta (%s): the"
                    + " residual bound Ymax (ResidualBound.DESCENT, docs/theory.md section 8) needs eta <= 1/beta",
                    eta, 1.0 / beta));
        }
        hypotheses = List.copyOf(hypotheses);
    }

    /** Which bound on the mean residual the terms use (Ymax when η ≤ 1/β, else Rmax). */
    public ResidualBound residualBound() {
        return terms.residualBound();
    }

    /** 1/β, the largest step for which the Ymax variant applies. */
    public double maxStep() {
        return 1.0 / beta;
    }

    public PgdProblem problem() {
        return terms.problem();
    }

    /** approximation term (B0 + Ymax) e + e²/2. */
    public double approximation() {
        return terms.approximation();
    }

    /** linearization term λ_m R. */
    public double linearization() {
        return terms.linearization();
    }

    /** optimization terms ν̄²/(2ητ) + (η/2) G1² R². */
    public double optimization() {
        return optimizationDistance + optimizationGradient;
    }

    /** The name of the largest of the three terms: approximation, linearization or optimization. */
    public String dominantTerm() {
        double ap = approximation();
        double li = linearization();
        double op = optimization();
        if (ap >= li && ap >= op) {
            return "approximation";
        }
        return li >= op ? "linearization" : "optimization";
    }

    public String describe() {
        return String.format(Locale.ROOT,
                "PGD bound (docs/theory.md section 8): min_k R(Theta_k) - R(f) <= %.6g (log10 %.4f)%n"
                        + "  m = %.6g, tau = %.6g, eta = %.6g, delta = %s%n"
                        + "  approximation  (B0+Ymax)e + e^2/2      = %.6g%n"
                        + "  linearization  lambda_m R              = %.6g%n"
                        + "  optimization   nuBar^2/(2 eta tau)     = %.6g%n"
                        + "                 (eta/2) G1^2 R^2        = %.6g%n"
                        + "  dominant: %s%n"
                        + "  B0 = %.6g, G1 = %.6g, M = %.6g, Rmax = %.6g, eps_app = %.6g, lambda_m = %.6g%n"
                        + "  %s",
                total, log10Total, terms.m(), tau, eta, terms.delta(), approximation(), linearization(),
                optimizationDistance, optimizationGradient, dominantTerm(), terms.b0(), terms.g1(),
                terms.hessianM(), terms.rMax(), terms.epsApp(), terms.lambdaM(), residualText());
    }

    private String residualText() {
        return residualBound() == ResidualBound.DESCENT
                ? String.format(Locale.ROOT, "R = Ymax = %.6g: eta <= 1/beta = %.6g, the loss never increases"
                        + " (F(Theta0) = 0)", terms.residual(), maxStep())
                : String.format(Locale.ROOT, "R = Rmax = Ymax + G1 rho = %.6g (eta > 1/beta = %.6g or Rmax asked"
                        + " for: the loss may increase)", terms.residual(), maxStep());
    }

    @Override
    public String toString() {
        return describe();
    }

    static PgdBound of(WidthTerms t, double tau, double eta, double beta, List<String> hypotheses) {
        return of(t, tau, eta, Math.log(tau), Math.log(eta), beta, hypotheses);
    }

    /** With ln τ and ln η given, so that τ = +∞ (past the double range) and η = 0 (underflow) stay usable. */
    static PgdBound of(WidthTerms t, double tau, double eta, double logTau, double logEta, double beta,
                       List<String> hypotheses) {
        PgdProblem p = t.problem();
        double logG1 = t.logG1();
        double logNu = Math.log(p.nuBar());
        double logDist = 2.0 * logNu - LogMath.LN2 - logEta - logTau;
        double logGrad = logEta - LogMath.LN2 + 2.0 * logG1 + 2.0 * t.logResidual();
        double logTotal = LogMath.logSum(t.logApproximation(), t.logLinearization(), logDist, logGrad);
        return new PgdBound(t, tau, eta, Math.exp(logDist), Math.exp(logGrad), Math.exp(logTotal),
                LogMath.toLog10(logTotal), beta, hypotheses);
    }
}

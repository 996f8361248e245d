package org.rnntk.bounds;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The number of PGD iterations of docs/theory.md §8: with R the residual bound of
 * {@link #residualBound()} (Ymax or Rmax = Ymax + G1ρ) and G1 at a = α + ρ_w/√m,
 * <pre>
 *   τ = ⌈(2 ν̄ G1 R/ε)²⌉,
 * </pre>
 * at which the step η = ν̄/(G1 R √τ) makes the two optimization terms sum to ν̄ G1 R/√τ ≤ ε/2
 * (checked in floating point; τ is increased until it holds). With R = Ymax
 * ({@link ResidualBound#DESCENT}) that step must also satisfy η ≤ 1/β; at τ = ⌈(2ν̄G1Ymax/ε)²⌉ it is
 * ε/(2G1²Ymax²), so when ε β &gt; 2 G1² Ymax² the step is capped at η = 1/β ({@link #capped()}) and τ is
 * the smallest with ν̄²β/(2τ) + G1²Ymax²/(2β) ≤ ε/2, i.e. τ = ⌈ν̄²β/(ε − G1²Ymax²/β)⌉ (more
 * iterations, same width).
 *
 * @param problem           the inputs
 * @param epsilon           the target ε
 * @param m                 the width used (+∞ allowed: then a = α)
 * @param tau               τ as a double (an integer), +∞ past the double range
 * @param log10Tau          log10 τ
 * @param nuBar             ν̄ = √(ν̄_w² + ν̄_u²)
 * @param g1                G1
 * @param rMax              Rmax
 * @param optimizationTerm  ν̄²/(2ητ) + (η/2)G1²R² at τ and the step {@link Bounds#stepSize} gives
 *                          (ν̄ G1 R/√τ when not capped)
 * @param residualBound     which residual bound R is used
 * @param residual          R: Ymax or Rmax
 * @param maxStep           1/β on Ω at m
 * @param capped            whether the step is capped at 1/β (only with {@link ResidualBound#DESCENT})
 * @param hypotheses        the hypotheses checked
 */
public record IterationRequirement(PgdProblem problem, double epsilon, double m, double tau, double log10Tau,
                                   double nuBar, double g1, double rMax,
                                   double optimizationTerm, ResidualBound residualBound, double residual,
                                   double maxStep, boolean capped, List<String> hypotheses) {

    public IterationRequirement {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(residualBound, "residualBound");
        hypotheses = List.copyOf(hypotheses);
    }

    /**
     * τ as the {@code int} iteration count that {@link org.rnntk.core.Training#run} takes.
     *
     * @throws IllegalArgumentException when τ &gt; {@link Integer#MAX_VALUE}, with τ and log10 τ
     */
    public int iterations() {
        if (!(tau <= Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "required iterations tau = %.6e (log10 tau ="
                    + " %.4f) do not fit the int iteration count of Training.run (at most %d); report it with tau()"
                    + " or log10Tau()", tau, log10Tau, Integer.MAX_VALUE));
        }
        return (int) tau;
    }

    public String describe() {
        String r = residualBound == ResidualBound.DESCENT ? "Ymax" : "Rmax";
        String rule = capped ? "ceil(nuBar^2 beta/(epsilon - G1^2 Ymax^2/beta)) (step capped at 1/beta)"
                : "ceil((2 nuBar G1 " + r + "/epsilon)^2)";
        return String.format(Locale.ROOT,
                "required iterations (docs/theory.md section 8): tau = %s = %s%n"
                        + "  at m = %.6g: nuBar = %.6g, G1 = %.6g, R = %s = %.6g (Rmax = %.6g), 1/beta = %.6g;"
                        + " optimization terms = %.6g <= epsilon/2 = %.6g",
                rule, tau < 0x1p63 ? Long.toString((long) tau) : String.format(Locale.ROOT, "10^%.4f", log10Tau),
                m, nuBar, g1, r, residual, rMax, maxStep, optimizationTerm, epsilon / 2);
    }

    @Override
    public String toString() {
        return describe();
    }
}

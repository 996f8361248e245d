package org.rnntk.bounds;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The number of PGD iterations of docs/theory.md §8,
 * <pre>
 *   τ = ⌈(2 ν̄ G1 Rmax/ε)²⌉,
 * </pre>
 * with G1 and Rmax = Ymax + G1ρ at a = α + ρ_w/√m. With the step η = ν̄/(G1 Rmax √τ) the two
 * optimization terms of the bound sum to ν̄ G1 Rmax/√τ ≤ ε/2 (checked in floating point; τ is
 * increased until it holds).
 *
 * @param problem           the inputs
 * @param epsilon           the target ε
 * @param m                 the width used (+∞ allowed: then a = α)
 * @param tau               τ as a double (an integer), +∞ past the double range
 * @param log10Tau          log10 τ
 * @param nuBar             ν̄ = √(ν̄_w² + ν̄_u²)
 * @param g1                G1
 * @param rMax              Rmax
 * @param optimizationTerm  ν̄ G1 Rmax/√τ
 * @param hypotheses        the hypotheses checked
 */
public record IterationRequirement(PgdProblem problem, double epsilon, double m, double tau, double log10Tau,
                                   double nuBar, double g1, double rMax,
                                   double optimizationTerm, List<String> hypotheses) {

    public IterationRequirement {
        Objects.requireNonNull(problem, "problem");
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
        return String.format(Locale.ROOT,
                "required iterations (docs/theory.md section 8): tau = ceil((2 nuBar G1 Rmax/epsilon)^2) = %s%n"
                        + "  at m = %.6g: nuBar = %.6g, G1 = %.6g, Rmax = %.6g; optimization term nuBar G1 Rmax/sqrt(tau)"
                        + " = %.6g <= epsilon/2 = %.6g",
                tau < 0x1p63 ? Long.toString((long) tau) : String.format(Locale.ROOT, "10^%.4f", log10Tau),
                m, nuBar, g1, rMax, optimizationTerm, epsilon / 2);
    }

    @Override
    public String toString() {
        return describe();
    }
}

package org.rnntk.bounds;

import java.util.Locale;
import java.util.Objects;

/**
 * The PGD step of docs/theory.md §8, η = ν̄/(G1 Rmax √τ), which balances the two optimization
 * terms ν̄²/(2ητ) and (η/2) G1² Rmax² (each then equals ν̄ G1 Rmax/(2√τ)).
 *
 * @param problem               the inputs
 * @param m                     the width used
 * @param tau                   the number of iterations τ
 * @param eta                   η
 * @param g1                    G1 at a = α + ρ_w/√m
 * @param rMax                  Rmax = Ymax + G1 ρ
 * @param optimizationDistance  ν̄²/(2ητ)
 * @param optimizationGradient  (η/2) G1² Rmax²
 */
public record StepSize(PgdProblem problem, double m, double tau, double eta, double g1, double rMax,
                       double optimizationDistance, double optimizationGradient) {

    public StepSize {
        Objects.requireNonNull(problem, "problem");
    }

    public String describe() {
        return String.format(Locale.ROOT,
                "step size (docs/theory.md section 8): eta = nuBar/(G1 Rmax sqrt(tau)) = %.6g at m = %.6g, tau = %.6g%n"
                        + "  nuBar^2/(2 eta tau) = %.6g, (eta/2) G1^2 Rmax^2 = %.6g",
                eta, m, tau, optimizationDistance, optimizationGradient);
    }

    @Override
    public String toString() {
        return describe();
    }
}

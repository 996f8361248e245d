package org.rnntk.bounds;

import java.util.Locale;
import java.util.Objects;

/**
 * The PGD step of docs/theory.md §8. With R the residual bound of {@link #residualBound()}, the step
 * η* = ν̄/(G1 R √τ) balances the two optimization terms ν̄²/(2ητ) and (η/2) G1² R² (each then equals
 * ν̄ G1 R/(2√τ)). With R = Ymax ({@link ResidualBound#DESCENT}) the bound needs η ≤ 1/β, so the step
 * is η = min(η*, 1/β) ({@link #capped()} when 1/β is taken: the terms are then ν̄²β/(2τ) and
 * G1²Ymax²/(2β), the best the Ymax bound allows at this τ); with R = Rmax ({@link ResidualBound#REGION})
 * it is η* for every τ.
 *
 * @param problem               the inputs
 * @param m                     the width used
 * @param tau                   the number of iterations τ
 * @param eta                   η
 * @param g1                    G1 at a = α + ρ_w/√m
 * @param rMax                  Rmax = Ymax + G1 ρ
 * @param optimizationDistance  ν̄²/(2ητ)
 * @param optimizationGradient  (η/2) G1² R²
 * @param residualBound         which residual bound R the step is chosen for
 * @param residual              R: Ymax or Rmax
 * @param maxStep               1/β on Ω at m, β = G1² + Rmax M/√m
 * @param capped                whether η = 1/β (η* exceeded it; only with {@link ResidualBound#DESCENT})
 */
public record StepSize(PgdProblem problem, double m, double tau, double eta, double g1, double rMax,
                       double optimizationDistance, double optimizationGradient, ResidualBound residualBound,
                       double residual, double maxStep, boolean capped) {

    public StepSize {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(residualBound, "residualBound");
    }

    public String describe() {
        String r = residualBound == ResidualBound.DESCENT ? "Ymax" : "Rmax";
        String rule = capped ? "eta = 1/beta (nuBar/(G1 Ymax sqrt(tau)) exceeds it)"
                : "eta = nuBar/(G1 " + r + " sqrt(tau))";
        return String.format(Locale.ROOT,
                "step size (docs/theory.md section 8): %s = %.6g at m = %.6g, tau = %.6g%n"
                        + "  R = %s = %.6g, 1/beta = %.6g%s%n"
                        + "  nuBar^2/(2 eta tau) = %.6g, (eta/2) G1^2 R^2 = %.6g",
                rule, eta, m, tau, r, residual, maxStep,
                residualBound == ResidualBound.DESCENT ? " (the Ymax bound needs eta <= 1/beta)" : "",
                optimizationDistance, optimizationGradient);
    }

    @Override
    public String toString() {
        return describe();
    }
}

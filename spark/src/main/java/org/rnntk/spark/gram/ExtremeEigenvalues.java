package org.rnntk.spark.gram;

import org.rnntk.core.Checks;

/**
 * The extreme eigenvalues of a symmetric Gram found by {@link Lanczos}, with their residual bounds.
 * For a Ritz value θ with residual r = ‖K y − θ y‖ (‖y‖ = 1) some eigenvalue of K lies in
 * [θ − r, θ + r]; by interlacing θ_min ≥ λ_min and θ_max ≤ λ_max. So, when the Krylov space
 * has not missed the extreme eigenvector (a random start makes that unlikely):
 * λ_min ∈ [lambdaMin − residualMin, lambdaMin] and λ_max ∈ [lambdaMax, lambdaMax + residualMax].
 *
 * @param size        N
 * @param lambdaMin   the smallest Ritz value θ_min
 * @param lambdaMax   the largest Ritz value θ_max
 * @param residualMin r of θ_min
 * @param residualMax r of θ_max
 * @param tolerance   the requested bound: both residuals ≤ tolerance · |θ_max| when converged
 * @param iterations  Lanczos steps (Gram-vector products)
 * @param converged   true when both residuals met the tolerance (or the Krylov space became invariant)
 */
public record ExtremeEigenvalues(int size, double lambdaMin, double lambdaMax, double residualMin,
                                 double residualMax, double tolerance, int iterations, boolean converged) {

    public ExtremeEigenvalues {
        Checks.positive("size", size);
        Checks.positive("iterations", iterations);
        Checks.openInterval("tolerance", tolerance, 0, 1);
        if (!(lambdaMin <= lambdaMax)) {
            throw new IllegalArgumentException("lambdaMin (" + lambdaMin + ") must be <= lambdaMax (" + lambdaMax + ")");
        }
        Checks.nonNegative("residualMin", residualMin);
        Checks.nonNegative("residualMax", residualMax);
    }
}

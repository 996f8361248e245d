package org.rnntk.kernels.pl;

import java.util.Objects;

import org.rnntk.bounds.PlVerdict;

/**
 * The local PL criterion evaluated with estimated constants (docs/theory.md §9): its verdict is
 * always {@code Certification.ESTIMATE} and its reasons say so.
 *
 * @param f0      f(x0)
 * @param r       the radius
 * @param alpha   the α estimate
 * @param beta    the β estimate
 * @param verdict {@code LocalPl.check} with these estimates at the step η
 */
public record CriterionEstimate(double f0, double r, AlphaEstimate alpha, BetaEstimate beta, PlVerdict verdict) {

    public CriterionEstimate {
        Objects.requireNonNull(alpha, "alpha");
        Objects.requireNonNull(beta, "beta");
        Objects.requireNonNull(verdict, "verdict");
    }

    @Override
    public String toString() {
        return alpha + System.lineSeparator() + beta + System.lineSeparator() + verdict.describe();
    }
}

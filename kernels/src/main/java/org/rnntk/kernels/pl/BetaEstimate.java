package org.rnntk.kernels.pl;

import org.rnntk.bounds.Certification;

/**
 * An estimate of β = sup_{B(x0, r)} ‖∇²f‖ (docs/theory.md §9): the largest Hessian spectral norm
 * found by power iteration with finite-difference Hessian-vector products at a few points of the
 * ball. Each power iteration approaches ‖∇²f(x)‖ from below, and a few points cannot see the
 * supremum, so this is an estimate, never a certified upper bound.
 *
 * @param value  the largest ‖∇²f(x)‖ estimate found
 * @param at     the point where it was found (copied in and out)
 * @param points the number of points examined
 */
public record BetaEstimate(double value, double[] at, int points) {

    public BetaEstimate {
        at = at.clone();
    }

    @Override
    public double[] at() {
        return at.clone();
    }

    /** Always {@link Certification#ESTIMATE}. */
    public Certification certification() {
        return Certification.ESTIMATE;
    }

    @Override
    public String toString() {
        return "beta ~ " + value + " (estimate, not certified: power iteration at " + points + " points)";
    }
}

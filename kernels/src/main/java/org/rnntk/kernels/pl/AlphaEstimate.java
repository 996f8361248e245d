package org.rnntk.kernels.pl;

import org.rnntk.bounds.Certification;

/**
 * An estimate of α(x0, r) = inf { ‖∇f(x)‖²/f(x) : ‖x − x0‖ ≤ r, f(x) ≠ 0 } (docs/theory.md §9): the
 * smallest value of ‖∇f‖²/f met by multi-start projected descent. It is the value at a point of
 * the ball, hence an upper bound on the infimum — evidence, never a certificate.
 *
 * @param value       the smallest ‖∇f‖²/f found
 * @param at          the point where it was found (copied in and out)
 * @param fAt         f there
 * @param evaluations gradient evaluations spent
 */
public record AlphaEstimate(double value, double[] at, double fAt, long evaluations) {

    public AlphaEstimate {
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
        return "alpha ~ " + value + " (estimate, not certified: the minimum of |grad f|^2/f found over the ball)";
    }
}

package org.rnntk.bounds;

import java.util.Locale;

/**
 * The effective radius of unregularized gradient descent (docs/theory.md §8): without projection,
 * each neuron moves by at most η‖∇_{θ_i}R̂‖ ≤ η G1 Rmax/√m per step, so after τ steps every
 * neuron is within ρ_GD/√m of its initialization, where ρ_GD is the least fixed point of
 * <pre>
 *   ρ = φ(ρ) := η τ G1(a) (Ymax + G1(a) ρ),    a = α + ρ/√m.
 * </pre>
 * φ is increasing, so the iteration ρ_0 = 0, ρ_{k+1} = φ(ρ_k) increases to the least fixed point
 * when there is one. There is none whenever η τ G1(α)² ≥ 1 (and Ymax &gt; 0), since then φ(ρ) &gt; ρ
 * for every ρ: the crude drift bound feeds on itself. {@link #status()} says which case holds.
 *
 * @param status     whether a finite radius exists
 * @param rhoGD      the radius (+∞ when none exists)
 * @param iterations fixed-point iterations used
 * @param m          the width
 * @param tau        the number of steps
 * @param eta        the step
 * @param message    a human-readable explanation
 */
public record GdRadius(Status status, double rhoGD, int iterations, double m, double tau, double eta,
                       String message) {

    /** Whether the fixed point exists. */
    public enum Status {
        /** The iteration converged to a finite ρ_GD. */
        FINITE,
        /** No finite radius: the iteration diverges (or did not settle within the iteration cap). */
        NO_FINITE_RADIUS
    }

    public boolean isFinite() {
        return status == Status.FINITE;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "GD effective radius (docs/theory.md section 8): %s, rho_GD = %.6g"
                + " after %d iterations (m = %.6g, tau = %.6g, eta = %.6g): %s", status, rhoGD, iterations, m, tau,
                eta, message);
    }
}

package org.rnntk.bounds;

import java.util.Locale;

/**
 * The drift radius of unregularized gradient descent (docs/theory.md §8, corrected): with a step
 * η ≤ 1/β the loss never increases, so every residual vector satisfies (1/N)Σ|r_q| ≤ √(2R̂(Θ0)) ≤ Ymax
 * and each neuron moves by at most η G1 Ymax/√m per step. After τ steps every neuron is within
 * ρ_GD/√m of its initialization in the joint norm ‖θ_i − θ_i(0)‖ = ‖(w_i, u_i) − (w_i(0), u_i(0))‖₂,
 * <pre>
 *   ρ_GD := η τ G1(a) Ymax,    a = α + ρ_GD/√m,
 *   β    := G1(a)² + Rmax M(a)/√m,   Rmax := Ymax + G1(a) ρ_GD,
 * </pre>
 * with G1 and M = M_T of docs/theory.md §7. ρ_GD is the least fixed point of
 * φ(ρ) = ητ Ymax G1(α + ρ/√m), found by the increasing iteration ρ_0 = 0, ρ_{k+1} = φ(ρ_k)
 * (φ is increasing); without the Rmax feedback of the earlier bound, it exists for every
 * short-memory problem and, in the long-memory case, once m is large enough.
 *
 * <p>Proof sketch (by induction over k ≤ τ): if every neuron is within ρ_GD/√m after k steps, then
 * |w_i| ≤ a, ‖∇_{θ_i}R̂‖ ≤ (G1/√m)(1/N)Σ|r_q| ≤ G1√(2R̂(Θ_k))/√m, and on the (convex) region
 * ‖θ_i − θ_i(0)‖ ≤ ρ_GD/√m the Hessian of R̂ is bounded by β (‖Θ − Θ0‖₂ ≤ ρ_GD there, so
 * |r_q| ≤ Rmax); η ≤ 1/β and the descent lemma give R̂(Θ_{k+1}) ≤ R̂(Θ_k) ≤ R̂(Θ0) ≤ Ymax²/2
 * (F(Θ0) = 0), so step k + 1 moves each neuron by at most η G1 Ymax/√m and the total stays within
 * (k + 1)ηG1Ymax/√m ≤ ρ_GD/√m.
 *
 * @param status     whether a finite radius exists and the step is admissible
 * @param rhoGD      ρ_GD (+∞ when no fixed point exists; the fixed point, not a valid bound, when
 *                   η &gt; 1/β)
 * @param iterations fixed-point iterations used
 * @param m          the width
 * @param tau        the number of steps τ
 * @param eta        the step η
 * @param a          α + ρ_GD/√m (+∞ when no radius exists)
 * @param g1         G1(a)
 * @param hessianM   M(a)
 * @param beta       G1(a)² + (Ymax + G1(a)ρ_GD) M(a)/√m, the smoothness bound on the drift region
 * @param message    a human-readable explanation
 */
public record GdRadius(Status status, double rhoGD, int iterations, double m, double tau, double eta, double a,
                       double g1, double hessianM, double beta, String message) {

    /** Whether the fixed point exists. */
    public enum Status {
        /** The iteration converged to a finite ρ_GD. */
        FINITE,
        /** No finite radius: the iteration diverges (or did not settle within the iteration cap). */
        NO_FINITE_RADIUS,
        /**
         * The fixed point exists but η &gt; 1/β: the loss may increase and the drift bound does not
         * hold ({@link Bounds#gdBound} refuses this case).
         */
        STEP_ABOVE_ONE_OVER_BETA
    }

    /** A drift bound holds: the fixed point exists and η ≤ 1/β. */
    public boolean isFinite() {
        return status == Status.FINITE;
    }

    /** 1/β, the largest step for which the drift bound holds. */
    public double maxStep() {
        return 1.0 / beta;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "GD drift radius (docs/theory.md section 8): %s, rho_GD = eta tau G1 Ymax"
                + " = %.6g after %d iterations (m = %.6g, tau = %.6g, eta = %.6g; a = %.10g, G1 = %.6g, M = %.6g,"
                + " beta = %.6g, 1/beta = %.6g): %s", status, rhoGD, iterations, m, tau, eta, a, g1, hessianM, beta,
                1.0 / beta, message);
    }
}

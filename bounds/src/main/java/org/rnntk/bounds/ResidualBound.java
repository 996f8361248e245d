package org.rnntk.bounds;

/**
 * Which bound on the mean residual (1/N)Σ_q |r_q(Θ(k))| the regret inequality of docs/theory.md §8
 * uses in its almost-convexity term λ_m·(1/N)Σ|r_q| and its gradient term (η/2)‖g_k‖² ≤
 * (η/2)G1²((1/N)Σ|r_q|)².
 */
public enum ResidualBound {

    /**
     * Rmax = Ymax + G1ρ: |r_q| ≤ Rmax everywhere on the region (F(Θ0) = 0, ‖∇F_q‖ ≤ G1,
     * ‖Θ − Θ0‖ ≤ ρ). Holds for every step η. Terms λ_m·Rmax and (η/2)G1²Rmax².
     */
    REGION,

    /**
     * Ymax, by descent: for a step η ≤ 1/β, β = G1² + Rmax·M/√m the smoothness bound of R̂ on the
     * region, the loss never increases along the run (descent lemma; for PGD with the projection's
     * optimality), so (1/N)Σ|r_q(Θ(k))| ≤ √(2R̂(Θ(k))) ≤ √(2R̂(Θ0)) ≤ Ymax, the last step because
     * F(Θ0) = 0 at the symmetric initialization and |y_q| ≤ Ymax. Terms λ_m·Ymax and
     * (η/2)G1²Ymax². Needs η ≤ 1/β and a symmetric initialization.
     */
    DESCENT
}

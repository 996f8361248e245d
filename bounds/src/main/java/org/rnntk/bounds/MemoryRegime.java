package org.rnntk.bounds;

import org.rnntk.core.Checks;

/**
 * Which side of the memory cutoff α = 1/σ1 an initialization scale lies on (docs/theory.md §6).
 * With r = ασ1, µ_T = S_T(r) is bounded in T for r &lt; 1, equal to T for r = 1 and at least
 * r^{T−1} for r &gt; 1.
 */
public enum MemoryRegime {
    /** ασ1 &lt; 1: µ_T ≤ 1/(1 − ασ1), bounded in T. */
    SHORT_MEMORY,
    /** ασ1 = 1 (exactly, in floating point): µ_T = T. */
    CRITICAL,
    /** ασ1 &gt; 1: µ_T ≥ (ασ1)^{T−1}, exponential in T. */
    LONG_MEMORY;

    /**
     * Classifies r = ασ1 (the product rounded to double, as everywhere in this module).
     *
     * @param alpha  initialization scale α ≥ 0 of the recurrent weights, |w_i(0)| ≤ α
     * @param sigma1 Lipschitz constant σ1 &gt; 0 of the activation
     */
    public static MemoryRegime of(double alpha, double sigma1) {
        Checks.nonNegative("alpha", alpha);
        Checks.positive("sigma1", sigma1);
        double r = alpha * sigma1;
        if (r < 1.0) {
            return SHORT_MEMORY;
        }
        return r == 1.0 ? CRITICAL : LONG_MEMORY;
    }

    /** The cutoff α = 1/σ1 at which µ_T changes from bounded to exponential in T. */
    public static double cutoffAlpha(double sigma1) {
        return 1.0 / Checks.positive("sigma1", sigma1);
    }
}

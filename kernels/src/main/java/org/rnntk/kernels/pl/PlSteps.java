package org.rnntk.kernels.pl;

import org.rnntk.core.Checks;

/**
 * The step rule of the runs: among the steps the GD criterion admits (docs/theory.md §9:
 * η &lt; η_max = (2/β)(1 − 2√(f0/α)/r)), the rate αη(1 − βη/2) grows with η up to η = 1/β, so take
 * η = min(1/β, {@value #ETA_MAX_FRACTION}·η_max). The fraction keeps the GD radius R strictly
 * inside the ball.
 */
public final class PlSteps {

    /** Fraction of η_max used when η_max &lt; 1/β. */
    public static final double ETA_MAX_FRACTION = 0.9;

    private PlSteps() {
    }

    /**
     * @param f0    f(x0) ≥ 0
     * @param r     radius &gt; 0
     * @param alpha α ≥ 0 (lower bound or estimate)
     * @param beta  β &gt; 0 (upper bound or estimate)
     * @return the step; 1/β when the flow criterion fails (the verdict then says why)
     */
    public static double recommended(double f0, double r, double alpha, double beta) {
        Checks.nonNegative("f(x0)", f0);
        Checks.positive("radius r", r);
        Checks.nonNegative("alpha", alpha);
        Checks.positive("beta", beta);
        double travel = f0 == 0 ? 0.0 : (alpha == 0 ? Double.POSITIVE_INFINITY : 2.0 * Math.sqrt(f0 / alpha));
        if (!(travel < r)) {
            return 1.0 / beta;
        }
        double etaMax = (2.0 / beta) * (1.0 - travel / r);
        return Math.min(1.0 / beta, ETA_MAX_FRACTION * etaMax);
    }
}

package org.rnntk.kernels.pl;

import org.rnntk.core.Checks;

/**
 * Knobs of the α and β estimates of {@link PlEstimator}.
 *
 * @param starts          random starting points of the projected descent on ‖∇f‖²/f (besides x0 and
 *                        x0 ± r∇f(x0)/‖∇f(x0)‖), ≥ 0
 * @param iterations      projected-descent iterations per start, ≥ 1
 * @param powerIterations power iterations per Hessian-norm estimate, ≥ 1
 * @param betaPoints      random points of the ball where the Hessian norm is estimated, besides x0
 *                        and the α minimizer, ≥ 0
 * @param hvpStep         relative finite-difference step h of the Hessian-vector products:
 *                        Hv ≈ (∇f(x + εv) − ∇f(x − εv))/(2ε), ε = h(1 + ‖x‖)/‖v‖; in (0, 1)
 * @param seed            the seed of the random starts and power-iteration vectors
 */
public record EstimationSettings(int starts, int iterations, int powerIterations, int betaPoints, double hvpStep,
                                 long seed) {

    /** Central differences: the step that balances O(ε²) truncation against O(u/ε) rounding, u = 2^−53. */
    public static final double DEFAULT_HVP_STEP = 1e-5;

    public EstimationSettings {
        Checks.nonNegative("starts", starts);
        Checks.positive("iterations", iterations);
        Checks.positive("powerIterations", powerIterations);
        Checks.nonNegative("betaPoints", betaPoints);
        Checks.openInterval("hvpStep", hvpStep, 0.0, 1.0);
    }

    /** 8 random starts, 60 descent iterations, 40 power iterations, 4 β points, h = 1e-5. */
    public static EstimationSettings defaults(long seed) {
        return new EstimationSettings(8, 60, 40, 4, DEFAULT_HVP_STEP, seed);
    }
}

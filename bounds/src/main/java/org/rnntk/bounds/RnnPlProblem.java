package org.rnntk.bounds;

import java.util.Locale;
import java.util.Objects;

import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Checks;
import org.rnntk.core.Loss;

/**
 * The inputs of the certified local-PL verdict for the diagonal RNN at its initialization
 * (docs/theory.md §9), for the loss R̂ = (1/(2N)) Σ_q r_q² (both modes of {@code Loss}).
 *
 * <p>The constants σ0, σ1, σ2 are the activation's <em>declared</em> constants; a verdict is
 * certified only once they are verified ({@link RnnPlVerdict#withActivationCheck}).
 *
 * @param activation    σ0, σ1, σ2 (declared)
 * @param alpha         initialization scale α ≥ 0 (|w_i(0)| ≤ α)
 * @param timeSteps     T ≥ 1
 * @param inputDim      d ≥ 1 (p = m(d + 1) trained parameters)
 * @param width         m, even
 * @param loss          which outputs are fitted (the all-steps loss lets the Jacobian bound use M_t per output)
 * @param outputs       N ≥ 1, the number of fitted outputs (a multiple of T for the all-steps loss)
 * @param lambdaMinGram λ_min of the empirical NTK Gram J0 J0ᵀ at initialization (may be ≤ 0)
 * @param lambdaMaxGram an upper bound on λ_max(J0 J0ᵀ), ≥ lambdaMinGram; +∞ when unknown
 * @param gramKind      whether {@code lambdaMinGram} and {@code lambdaMaxGram} are certified bounds or estimates
 * @param f0            R̂(Θ0) = (1/(2N)) Σ y_q² (F = 0 at the symmetric initialization)
 * @param yMax          Ymax, the bound the theory uses; must satisfy max|y_q| ≤ Ymax
 * @param maxAbsTarget  max_q |y_q| over the fitted targets; f0 ≤ maxAbsTarget²/2 must hold
 */
public record RnnPlProblem(ActivationConstants activation, double alpha, long timeSteps, long inputDim, double width,
                           Loss loss, long outputs, double lambdaMinGram, double lambdaMaxGram,
                           Certification gramKind, double f0, double yMax, double maxAbsTarget) {

    /** Relative slack for f0 ≤ maxAbsTarget²/2, which f0's own rounding can break by an ulp. */
    static final double F0_SLACK = 1e-12;

    public RnnPlProblem {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(gramKind, "gramKind");
        Checks.nonNegative("alpha", alpha);
        if (timeSteps < 1) {
            throw new IllegalArgumentException("time steps T (" + timeSteps + ") must be >= 1");
        }
        if (inputDim < 1) {
            throw new IllegalArgumentException("input dimension d (" + inputDim + ") must be >= 1");
        }
        Bounds.checkWidth(width);
        if (outputs < 1) {
            throw new IllegalArgumentException("output count N (" + outputs + ") must be >= 1");
        }
        if (loss == Loss.ALL_STEPS && outputs % timeSteps != 0) {
            throw new IllegalArgumentException("output count N (" + outputs + ") must be a multiple of T ("
                    + timeSteps + ") for the all-steps loss");
        }
        Checks.finite("lambdaMinGram", lambdaMinGram);
        if (Double.isNaN(lambdaMaxGram) || lambdaMaxGram < lambdaMinGram) {
            throw new IllegalArgumentException("lambdaMaxGram (" + lambdaMaxGram + ") must be >= lambdaMinGram ("
                    + lambdaMinGram + "), +Infinity when unknown");
        }
        Checks.nonNegative("f0", f0);
        Checks.nonNegative("yMax", yMax);
        Checks.nonNegative("maxAbsTarget", maxAbsTarget);
        if (maxAbsTarget > yMax) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "hypothesis |y_q| <= Ymax fails: max |y_q| (%s) > Ymax (%s)", maxAbsTarget, yMax));
        }
        if (f0 > maxAbsTarget * maxAbsTarget / 2.0 * (1 + F0_SLACK)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "f0 = (1/(2N)) sum y_q^2 (%s) exceeds max|y_q|^2/2 (%s): f0 and maxAbsTarget are not from the"
                            + " same targets", f0, maxAbsTarget * maxAbsTarget / 2.0));
        }
    }

    /**
     * The problem for the fitted targets y_q: N = targets.length, f0 = (1/(2N)) Σ y_q² and
     * max|y_q| computed here, and max|y_q| ≤ Ymax checked.
     *
     * @param fittedTargets the N targets of the fitted outputs; not modified
     */
    public static RnnPlProblem of(ActivationConstants activation, double alpha, long timeSteps, long inputDim,
                                  double width, Loss loss, double[] fittedTargets, double lambdaMinGram,
                                  double lambdaMaxGram, Certification gramKind, double yMax) {
        Objects.requireNonNull(fittedTargets, "fittedTargets");
        Checks.allFinite("fittedTargets", fittedTargets);
        if (fittedTargets.length == 0) {
            throw new IllegalArgumentException("fittedTargets must not be empty");
        }
        double sum = 0;
        double max = 0;
        for (double y : fittedTargets) {
            sum += y * y;
            max = Math.max(max, Math.abs(y));
        }
        return new RnnPlProblem(activation, alpha, timeSteps, inputDim, width, loss, fittedTargets.length,
                lambdaMinGram, lambdaMaxGram, gramKind, sum / (2.0 * fittedTargets.length), yMax, max);
    }

    /** p = m(d + 1). */
    public double parameterCount() {
        return width * (inputDim + 1.0);
    }

    /** The same problem with other activation constants. */
    public RnnPlProblem withActivation(ActivationConstants value) {
        return new RnnPlProblem(value, alpha, timeSteps, inputDim, width, loss, outputs, lambdaMinGram, lambdaMaxGram,
                gramKind, f0, yMax, maxAbsTarget);
    }

    /** The same problem at another width (λ_min, λ_max held fixed: estimates at that width). */
    public RnnPlProblem withWidth(double m) {
        return new RnnPlProblem(activation, alpha, timeSteps, inputDim, m, loss, outputs, lambdaMinGram, lambdaMaxGram,
                gramKind, f0, yMax, maxAbsTarget);
    }
}

package org.rnntk.bounds;

import java.util.Locale;
import java.util.Objects;

import org.rnntk.core.ActivationConstants;
import org.rnntk.core.Checks;

/**
 * The inputs of the certified local-PL verdict for the diagonal RNN at its initialization
 * (docs/theory.md §9), for the loss R̂ = (1/(2N)) Σ_q r_q² (both modes of {@code Loss}).
 *
 * @param activation    σ0, σ1, σ2
 * @param alpha         initialization scale α ≥ 0 (|w_i(0)| ≤ α)
 * @param timeSteps     T ≥ 1
 * @param inputDim      d ≥ 1 (p = m(d + 1) trained parameters)
 * @param width         m, even
 * @param outputs       N ≥ 1, the number of fitted outputs
 * @param lambdaMinGram λ_min of the empirical NTK Gram J0 J0ᵀ at initialization (may be ≤ 0)
 * @param gramKind      whether {@code lambdaMinGram} is a certified lower bound or an estimate
 * @param f0            R̂(Θ0) = (1/(2N)) Σ y_q² (F = 0 at the symmetric initialization)
 * @param yMax          Ymax ≥ max |y_q|; must satisfy f0 ≤ Ymax²/2
 */
public record RnnPlProblem(ActivationConstants activation, double alpha, long timeSteps, long inputDim, double width,
                           long outputs, double lambdaMinGram, Certification gramKind, double f0, double yMax) {

    public RnnPlProblem {
        Objects.requireNonNull(activation, "activation");
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
        Checks.finite("lambdaMinGram", lambdaMinGram);
        Checks.nonNegative("f0", f0);
        Checks.nonNegative("yMax", yMax);
        if (f0 > yMax * yMax / 2.0 * (1 + 1e-12)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "hypothesis |y_q| <= Ymax fails: f0 = (1/(2N)) sum y_q^2 (%s) > Ymax^2/2 (%s)", f0, yMax * yMax / 2));
        }
    }

    /** p = m(d + 1). */
    public double parameterCount() {
        return width * (inputDim + 1.0);
    }

    /** The same problem at another width (λ_min held fixed: an estimate at that width). */
    public RnnPlProblem withWidth(double m) {
        return new RnnPlProblem(activation, alpha, timeSteps, inputDim, m, outputs, lambdaMinGram, gramKind, f0, yMax);
    }
}

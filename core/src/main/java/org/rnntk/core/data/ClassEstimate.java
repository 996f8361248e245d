package org.rnntk.core.data;

import org.rnntk.core.Checks;

/**
 * The Monte-Carlo estimate of a reference-class function f_t(X_j) (docs/theory.md §8) over D
 * draws of one neuron's initial parameters, with the standard error of each value and the largest
 * |summand| met (every summand is bounded by B0 when ‖x_t‖ ≤ 1). Arrays are copied in and out.
 *
 * @param n              number of sequences
 * @param timeSteps      T
 * @param draws          D ≥ 2
 * @param values         the sample means, n×T in C order
 * @param standardErrors sample standard deviation / √D of each value, n×T
 * @param maxAbsSummand  max over draws, sequences and steps of |v_w a_t + ⟨v_u, b_t⟩|
 */
public record ClassEstimate(int n, int timeSteps, int draws, double[] values, double[] standardErrors,
                            double maxAbsSummand) {

    public ClassEstimate {
        Checks.positive("number of sequences n", n);
        Checks.positive("sequence length T", timeSteps);
        Checks.positive("draws D", draws);
        Checks.length("values", values, (long) n * timeSteps, "shape " + Checks.shape(n, timeSteps));
        Checks.length("standardErrors", standardErrors, (long) n * timeSteps, "shape " + Checks.shape(n, timeSteps));
        Checks.nonNegative("maxAbsSummand", maxAbsSummand);
        values = values.clone();
        standardErrors = standardErrors.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public double[] standardErrors() {
        return standardErrors.clone();
    }

    /** f_t(X_j), t = 0..T−1. */
    public double value(int j, int t) {
        return values[j * timeSteps + t];
    }

    /** The standard error of {@link #value(int, int)}. */
    public double standardError(int j, int t) {
        return standardErrors[j * timeSteps + t];
    }

    /** max_q |f_q|. */
    public double maxAbsValue() {
        double best = 0;
        for (double v : values) {
            best = Math.max(best, Math.abs(v));
        }
        return best;
    }

    /** The largest standard error. */
    public double maxStandardError() {
        double best = 0;
        for (double v : standardErrors) {
            best = Math.max(best, v);
        }
        return best;
    }
}

package org.rnntk.core;

import java.util.Locale;

/**
 * The squared loss in its two modes (docs/theory.md §3):
 * <pre>
 *   ALL_STEPS: R(Θ) = (1/n) Σ_j (1/T) Σ_t ½ (F_t(X_j) − Y_{j,t})²     N = n·T fitted outputs
 *   LAST_STEP: R(Θ) = (1/n) Σ_j ½ (F_T(X_j) − y_j)²                     N = n fitted outputs
 * </pre>
 * In both modes R = (1/(2N)) Σ_q r_q², which is the form the local PL criterion uses (§9). The same
 * choice says which outputs index an NTK Gram (docs/theory.md §5): row j (n×n) for the last step,
 * row j·T + t (nT×nT) for all steps.
 */
public enum Loss {
    /** Every time step is fitted; N = n·T. */
    ALL_STEPS,
    /** Only the last time step is fitted; N = n. */
    LAST_STEP;

    /** N, the number of fitted outputs, for n sequences of length T. */
    public long outputCount(long n, long timeSteps) {
        return this == ALL_STEPS ? n * timeSteps : n;
    }

    /**
     * Parses {@code all} / {@code last} (or the enum names), case-insensitive.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Loss parse(String text) {
        String key = text == null ? "null" : text.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "all":
            case "all_steps":
                return ALL_STEPS;
            case "last":
            case "last_step":
                return LAST_STEP;
            default:
                throw new IllegalArgumentException("loss mode '" + text + "' is unknown; expected 'all' or 'last'");
        }
    }
}

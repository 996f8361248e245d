package org.rnntk.kernels.ntk;

import java.util.Objects;

import org.rnntk.core.Loss;

/**
 * Which outputs F_q a Gram matrix is indexed by (docs/theory.md §5).
 */
public enum GramMode {
    /** Only the last step: q = j, an n×n Gram K_{jk} = ⟨∇F_T(X_j), ∇F_T(X_k)⟩. */
    LAST_STEP,
    /** Every step: q = j·T + t (t = 0..T−1), an nT×nT Gram. */
    ALL_STEPS;

    /** The Gram mode whose outputs {@code loss} fits. */
    public static GramMode of(Loss loss) {
        return Objects.requireNonNull(loss, "loss") == Loss.LAST_STEP ? LAST_STEP : ALL_STEPS;
    }

    /** The number of outputs of n sequences of length T: n or n·T. */
    public long outputs(long n, long timeSteps) {
        return this == LAST_STEP ? n : n * timeSteps;
    }
}

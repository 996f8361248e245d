package org.rnntk.kernels.ntk;

import java.util.Objects;
import org.rnntk.core.Loss;

/**
 * Predictions of the NTK at Θ0 on the training and test outputs, in the Gram mode's row order
 * (j, or j·T + t). Arrays are copied in and out.
 *
 * @param method how they were made, e.g. {@code "kernel regression (ridge 0)"} or
 *               {@code "linearized GD (eta 0.5, k = 100)"}
 * @param mode   which outputs
 * @param train  the predictions on the training outputs
 * @param test   the predictions on the test outputs
 */
public record NtkPrediction(String method, Loss mode, double[] train, double[] test) {

    public NtkPrediction {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(mode, "mode");
        train = train.clone();
        test = test.clone();
    }

    @Override
    public double[] train() {
        return train.clone();
    }

    @Override
    public double[] test() {
        return test.clone();
    }
}

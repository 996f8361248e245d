package org.rnntk.core;

import java.util.Objects;

/**
 * The full-batch training loop of docs/theory.md §3, for any {@link RnnBackend} and
 * {@link Optimizer}: τ updates, the loss recorded at every iterate Θ(0..τ) together with the
 * maximum per-neuron drift. Gradient buffers are allocated once per run.
 */
public final class Training {

    private Training() {
    }

    /**
     * Trains from {@code initial} for {@code iterations} updates; the centre of any projection is
     * {@code initial}.
     *
     * @param iterations τ ≥ 0
     * @throws IllegalArgumentException on a shape mismatch, or when the loss stops being finite
     *                                  (a step size too large for the problem), naming the iteration
     */
    public static TrainingHistory run(RnnBackend backend, DiagonalRnn initial, SequenceDataset data, Loss loss,
                                      Optimizer optimizer, int iterations, TrainingListener listener) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
        Checks.nonNegative("iterations", iterations);
        TrainingListener progress = listener == null ? TrainingListener.NONE : listener;
        data.requireInputDim(initial.inputDim(), "the model " + initial);

        int m = initial.width();
        int d = initial.inputDim();
        double[] w0 = initial.w();
        double[] u0 = initial.u();
        double[] w = w0.clone();
        double[] u = u0.clone();
        double[] gradW = new double[m];
        double[] gradU = new double[m * d];
        double[] losses = new double[iterations + 1];
        double[] driftW = new double[iterations + 1];
        double[] driftU = new double[iterations + 1];

        DiagonalRnn current = initial;
        for (int k = 0; k <= iterations; k++) {
            double value = k < iterations
                    ? backend.lossAndGradientInto(current, data, loss, gradW, gradU)
                    : backend.loss(current, data, loss);
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("training diverged: loss at iteration " + k + " is " + value
                        + " with " + optimizer.describe() + "; use a smaller step size");
            }
            losses[k] = value;
            Drift drift = Drift.between(w, u, w0, u0, d);
            driftW[k] = drift.maxW();
            driftU[k] = drift.maxU();
            progress.onIteration(k, iterations, value);
            progress.onParameters(k, current);
            if (k < iterations) {
                optimizer.updateInPlace(w, u, gradW, gradU, w0, u0, d);
                if (!allFinite(w) || !allFinite(u)) {
                    throw new IllegalArgumentException("training diverged: parameters became non-finite after update "
                            + (k + 1) + " with " + optimizer.describe() + "; use a smaller step size");
                }
                current = current.withParameters(w, u);
            }
        }
        return new TrainingHistory(optimizer.describe(), loss, losses, driftW, driftU,
                Drift.between(w, u, w0, u0, d), initial, current);
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /** As {@link #run(RnnBackend, DiagonalRnn, SequenceDataset, Loss, Optimizer, int, TrainingListener)} without progress. */
    public static TrainingHistory run(RnnBackend backend, DiagonalRnn initial, SequenceDataset data, Loss loss,
                                      Optimizer optimizer, int iterations) {
        return run(backend, initial, data, loss, optimizer, iterations, TrainingListener.NONE);
    }
}

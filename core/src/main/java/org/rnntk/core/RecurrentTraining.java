package org.rnntk.core;

import java.util.Objects;

/**
 * The full-batch training loop of docs/theory.md §3 for any {@link RecurrentModel} — the diagonal
 * or the dense network (§11) — with its {@link RecurrentBackend} and any {@link Optimizer}: τ
 * updates, the loss recorded at every iterate Θ(0..τ) together with the maximum per-neuron drift
 * ({@link Drift}). The optimizer sees the flat parameter arrays of {@link RecurrentModel}, so
 * projected GD projects neuron i's slice of the recurrent weights (its row of W for the dense
 * network) and its row of U. Gradient buffers are allocated once per run.
 */
public final class RecurrentTraining {

    private RecurrentTraining() {
    }

    /**
     * Trains from {@code initial} for {@code iterations} updates; the centre of any projection is
     * {@code initial}.
     *
     * @param iterations τ ≥ 0
     * @param listener   progress, or null
     * @throws IllegalArgumentException on a shape mismatch, or when the loss or the parameters stop
     *                                  being finite (a step size too large for the problem), naming
     *                                  the iteration
     */
    public static <M extends RecurrentModel<M>> RecurrentHistory<M> run(RecurrentBackend<M> backend, M initial,
            SequenceDataset data, Loss loss, Optimizer optimizer, int iterations, TrainingListener listener) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
        Checks.nonNegative("iterations", iterations);
        TrainingListener progress = listener == null ? TrainingListener.NONE : listener;
        data.requireInputDim(initial.inputDim(), "the model " + initial);

        int d = initial.inputDim();
        double[] w0 = initial.recurrentWeights();
        double[] u0 = initial.u();
        double[] w = w0.clone();
        double[] u = u0.clone();
        double[] gradW = new double[w.length];
        double[] gradU = new double[u.length];
        double[] losses = new double[iterations + 1];
        double[] driftW = new double[iterations + 1];
        double[] driftU = new double[iterations + 1];

        M current = initial;
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
            progress.onModel(k, current);
            if (k < iterations) {
                optimizer.updateInPlace(w, u, gradW, gradU, w0, u0, d);
                if (!allFinite(w) || !allFinite(u)) {
                    throw new IllegalArgumentException("training diverged: parameters became non-finite after update "
                            + (k + 1) + " with " + optimizer.describe() + "; use a smaller step size");
                }
                current = current.withParameters(w, u);
            }
        }
        return new RecurrentHistory<>(optimizer.describe(), loss, losses, driftW, driftU,
                Drift.between(w, u, w0, u0, d), initial, current);
    }

    /** As {@link #run(RecurrentBackend, RecurrentModel, SequenceDataset, Loss, Optimizer, int, TrainingListener)} without progress. */
    public static <M extends RecurrentModel<M>> RecurrentHistory<M> run(RecurrentBackend<M> backend, M initial,
            SequenceDataset data, Loss loss, Optimizer optimizer, int iterations) {
        return run(backend, initial, data, loss, optimizer, iterations, TrainingListener.NONE);
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}

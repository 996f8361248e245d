package org.rnntk.core;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

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
     * Trains from {@code initial} for at most {@code iterations} updates; the centre of any
     * projection is {@code initial}. Divergence is a result, not an exception: when the loss becomes
     * non-finite, an update makes a parameter non-finite, or the loss exceeds the rule's multiple of
     * R̂(Θ(0)), the run stops and the history's {@link RecurrentHistory#status()} is
     * {@link TrainingStatus#DIVERGED}, with a {@link Divergence} naming the reason, the iteration
     * and the last finite loss.
     *
     * @param iterations τ ≥ 0
     * @param listener   progress, or null
     * @param rule       when to stop the run as diverged
     * @throws IllegalArgumentException on a shape mismatch, or when R̂(Θ(0)) itself is not finite
     */
    public static <M extends RecurrentModel<M>> RecurrentHistory<M> run(RecurrentBackend<M> backend, M initial,
            SequenceDataset data, Loss loss, Optimizer optimizer, int iterations, TrainingListener listener,
            DivergenceRule rule) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(rule, "rule");
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

        double limit = Double.POSITIVE_INFINITY;
        M current = initial;
        M previous = initial;
        Divergence divergence = null;
        int recorded = 0;
        for (int k = 0; k <= iterations; k++) {
            double value = k < iterations
                    ? backend.lossAndGradientInto(current, data, loss, gradW, gradU)
                    : backend.loss(current, data, loss);
            if (k == 0) {
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("the loss at Theta(0) (" + value + ") must be finite; check "
                            + "the scale of the model's parameters and of the data");
                }
                limit = rule.lossLimit(value);
            } else if (!Double.isFinite(value)) {
                divergence = new Divergence(Divergence.Reason.NON_FINITE_LOSS, k, value, losses[k - 1], limit);
                current = previous;
                break;
            }
            losses[k] = value;
            Drift drift = Drift.between(w, u, w0, u0, d);
            driftW[k] = drift.maxW();
            driftU[k] = drift.maxU();
            recorded = k + 1;
            progress.onIteration(k, iterations, value);
            progress.onModel(k, current);
            if (value > limit) {
                divergence = new Divergence(Divergence.Reason.LOSS_GROWTH, k, value, value, limit);
                break;
            }
            if (k < iterations) {
                optimizer.updateInPlace(w, u, gradW, gradU, w0, u0, d);
                if (!allFinite(w) || !allFinite(u)) {
                    divergence = new Divergence(Divergence.Reason.NON_FINITE_PARAMETERS, k + 1, Double.NaN, value,
                            limit);
                    break;
                }
                previous = current;
                current = current.withParameters(w, u);
            }
        }
        if (divergence != null) {
            progress.onDivergence(divergence);
            losses = Arrays.copyOf(losses, recorded);
            driftW = Arrays.copyOf(driftW, recorded);
            driftU = Arrays.copyOf(driftU, recorded);
        }
        return new RecurrentHistory<>(optimizer.describe(), loss, losses, driftW, driftU,
                Drift.between(current, initial), initial, current, Optional.ofNullable(divergence));
    }

    /**
     * As {@link #run(RecurrentBackend, RecurrentModel, SequenceDataset, Loss, Optimizer, int, TrainingListener,
     * DivergenceRule)} with {@link DivergenceRule#defaults()}.
     */
    public static <M extends RecurrentModel<M>> RecurrentHistory<M> run(RecurrentBackend<M> backend, M initial,
            SequenceDataset data, Loss loss, Optimizer optimizer, int iterations, TrainingListener listener) {
        return run(backend, initial, data, loss, optimizer, iterations, listener, DivergenceRule.defaults());
    }

    /**
     * As {@link #run(RecurrentBackend, RecurrentModel, SequenceDataset, Loss, Optimizer, int, TrainingListener,
     * DivergenceRule)} without progress and with {@link DivergenceRule#defaults()}.
     */
    public static <M extends RecurrentModel<M>> RecurrentHistory<M> run(RecurrentBackend<M> backend, M initial,
            SequenceDataset data, Loss loss, Optimizer optimizer, int iterations) {
        return run(backend, initial, data, loss, optimizer, iterations, TrainingListener.NONE,
                DivergenceRule.defaults());
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

package org.rnntk.core;

/**
 * The full-batch training loop of docs/theory.md §3, for any {@link RnnBackend} and
 * {@link Optimizer}: τ updates, the loss recorded at every iterate Θ(0..τ) together with the
 * maximum per-neuron drift, on the diagonal network ({@link RecurrentTraining} is the same loop for
 * either network; this one returns the diagonal network's {@link TrainingHistory}, the same history
 * as that loop's, typed for the diagonal network).
 *
 * <p>Divergence is a result, not an exception: when the loss becomes non-finite, an update makes a
 * parameter non-finite, or the loss exceeds the {@link DivergenceRule}'s multiple of R̂(Θ(0)), the
 * run stops and the returned {@link TrainingHistory} has status {@link TrainingStatus#DIVERGED} and
 * a {@link Divergence} naming the reason, the iteration and the last finite loss.
 */
public final class Training {

    private Training() {
    }

    /**
     * Trains from {@code initial} for at most {@code iterations} updates; the centre of any
     * projection is {@code initial}.
     *
     * @param iterations τ ≥ 0
     * @param listener   progress, may be null
     * @param rule       when to stop the run as diverged
     * @throws IllegalArgumentException on a shape mismatch, or when R̂(Θ(0)) itself is not finite
     */
    public static TrainingHistory run(RnnBackend backend, DiagonalRnn initial, SequenceDataset data, Loss loss,
                                      Optimizer optimizer, int iterations, TrainingListener listener,
                                      DivergenceRule rule) {
        return new TrainingHistory(RecurrentTraining.run(backend, initial, data, loss, optimizer, iterations,
                listener, rule));
    }

    /** As {@link #run(RnnBackend, DiagonalRnn, SequenceDataset, Loss, Optimizer, int, TrainingListener,
     * DivergenceRule)} with {@link DivergenceRule#defaults()}. */
    public static TrainingHistory run(RnnBackend backend, DiagonalRnn initial, SequenceDataset data, Loss loss,
                                      Optimizer optimizer, int iterations, TrainingListener listener) {
        return run(backend, initial, data, loss, optimizer, iterations, listener, DivergenceRule.defaults());
    }

    /** As {@link #run(RnnBackend, DiagonalRnn, SequenceDataset, Loss, Optimizer, int, TrainingListener,
     * DivergenceRule)} without progress and with {@link DivergenceRule#defaults()}. */
    public static TrainingHistory run(RnnBackend backend, DiagonalRnn initial, SequenceDataset data, Loss loss,
                                      Optimizer optimizer, int iterations) {
        return run(backend, initial, data, loss, optimizer, iterations, TrainingListener.NONE,
                DivergenceRule.defaults());
    }
}

package org.rnntk.core;

/** Receives progress from a training run; called on the training thread, so keep it cheap. */
@FunctionalInterface
public interface TrainingListener {

    /** Does nothing. */
    TrainingListener NONE = (iteration, total, loss) -> { };

    /**
     * Called after the loss at Θ(iteration) has been computed.
     *
     * @param iteration k, from 0 to total
     * @param total     τ, the number of updates of the run
     * @param loss      R̂(Θ(k))
     */
    void onIteration(int iteration, int total, double loss);

    /**
     * Called right after {@link #onIteration} with the parameters Θ(iteration), for diagnostics
     * that need them (kernel change, linearization error). The default ignores them.
     */
    default void onParameters(int iteration, DiagonalRnn parameters) {
    }

    /**
     * Called by {@link RecurrentTraining} right after {@link #onIteration} with the parameters
     * Θ(iteration) of either kind of model. The default passes a {@link DiagonalRnn} on to
     * {@link #onParameters} and ignores other models.
     */
    default void onModel(int iteration, RecurrentModel<?> parameters) {
        if (parameters instanceof DiagonalRnn diagonal) {
            onParameters(iteration, diagonal);
        }
    }

    /**
     * Called once when the run is stopped by its {@link DivergenceRule}, after the last
     * {@link #onIteration} call; no call follows. The default ignores it.
     */
    default void onDivergence(Divergence divergence) {
    }
}

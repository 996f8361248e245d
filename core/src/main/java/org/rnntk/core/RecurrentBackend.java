package org.rnntk.core;

/**
 * Computes what training needs from a {@link RecurrentModel}: outputs, the loss and its exact
 * gradient (backprop through time, docs/theory.md §3–§4 and §11). The gradient of the recurrent
 * weights has the layout of {@link RecurrentModel#recurrentWeights()}. Implementations live in
 * {@code rnntk-kernels}; they keep buffers between calls, state their thread rule, and are closed
 * when done.
 *
 * @param <M> the model type this backend computes
 */
public interface RecurrentBackend<M extends RecurrentModel<M>> extends AutoCloseable {

    /**
     * F_t(X_j; Θ) for every sequence and step.
     *
     * @return a new array of shape n×T in C order
     * @throws IllegalArgumentException when the data's d differs from the model's
     */
    double[] outputs(M model, SequenceDataset data);

    /** R̂(Θ), F and ∇R̂. */
    LossGradient lossAndGradient(M model, SequenceDataset data, Loss loss);

    /**
     * R̂(Θ) and ∇R̂ written into caller-owned buffers, for loops that must not allocate.
     *
     * @param gradRecurrent length m·r (modified: overwritten with ∂R̂ over the recurrent weights)
     * @param gradU         length m·d (modified: overwritten with ∂R̂/∂U)
     * @return R̂(Θ)
     */
    double lossAndGradientInto(M model, SequenceDataset data, Loss loss, double[] gradRecurrent, double[] gradU);

    /** R̂(Θ) alone. */
    double loss(M model, SequenceDataset data, Loss loss);

    /** Releases native buffers. */
    @Override
    void close();
}

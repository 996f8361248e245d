package org.rnntk.core;

/**
 * Computes what training and analysis need from a {@link DiagonalRnn}: outputs, the loss and its
 * exact gradient (backprop through time), and the forward-mode sensitivities. Implementations live
 * in {@code rnntk-kernels}; they may keep buffers between calls, so each states its thread rule
 * (the kernels' backend may be shared: it serializes calls) and is closed when done; a call after
 * {@link #close()} throws {@link IllegalStateException}. The diagonal network's instance of
 * {@link RecurrentBackend}, with the forward-mode sensitivities on top.
 */
public interface RnnBackend extends RecurrentBackend<DiagonalRnn> {

    /**
     * F_t(X_j; Θ) for every sequence and step.
     *
     * @return a new array of shape n×T in C order
     * @throws IllegalArgumentException when the data's d differs from the model's
     */
    double[] outputs(DiagonalRnn model, SequenceDataset data);

    /** R̂(Θ), F and ∇R̂ (docs/theory.md §3–§4). */
    LossGradient lossAndGradient(DiagonalRnn model, SequenceDataset data, Loss loss);

    /**
     * R̂(Θ) and ∇R̂ written into caller-owned buffers, for loops that must not allocate.
     *
     * @param gradW length m (modified: overwritten with ∂R̂/∂w)
     * @param gradU length m·d (modified: overwritten with ∂R̂/∂U)
     * @return R̂(Θ)
     */
    double lossAndGradientInto(DiagonalRnn model, SequenceDataset data, Loss loss, double[] gradW, double[] gradU);

    /** R̂(Θ) alone. */
    double loss(DiagonalRnn model, SequenceDataset data, Loss loss);

    /** a_t^i and b_t^i for every sequence, step and neuron (docs/theory.md §4). */
    Sensitivities sensitivities(DiagonalRnn model, SequenceDataset data);

    /** Releases native buffers. */
    @Override
    void close();
}

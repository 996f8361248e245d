package org.rnntk.core;

/**
 * What training, the empirical NTK and the diagnostics need from a recurrent network of the form
 * <pre>
 *   z_t = W h_{t−1} + U x_t,   h_t = σ(z_t),   h_0 = 0,   F_t(X; Θ) = (1/√m) Σ_i c_i h_t^i
 * </pre>
 * with trained Θ = (W, U) held as two flat arrays and fixed output signs c ∈ {−1, +1}^m
 * (docs/theory.md §1 and §11). Two shapes of W exist: the diagonal network ({@link DiagonalRnn},
 * W = diag(w), one recurrent weight per neuron) and the dense one ({@link DenseRnn}, W ∈ R^{m×m},
 * neuron i's recurrent weights are row i of W).
 *
 * <p>Layout of the flat arrays: {@link #recurrentWeights()} holds, neuron after neuron,
 * {@link #recurrentWeightsPerNeuron()} numbers per neuron (1 for the diagonal network, m for the
 * dense one, row-major W); {@link #u()} is U row-major m×d. So neuron i owns the contiguous slices
 * {@code [i·r, (i+1)·r)} of the recurrent array and {@code [i·d, (i+1)·d)} of U — which is what the
 * per-neuron projection of projected GD and the per-neuron drift act on.
 *
 * <p>Implementations are immutable: arrays are copied in and out, and an instance may be shared
 * between threads.
 *
 * @param <M> the implementing type, so that {@link #withParameters} returns the same kind of model
 */
public interface RecurrentModel<M extends RecurrentModel<M>> {

    /** σ. */
    Activation activation();

    /** m, the number of hidden neurons. */
    int width();

    /** d, the input dimension. */
    int inputDim();

    /** r, the recurrent weights each neuron owns: 1 (diagonal W) or m (dense W, one row). */
    int recurrentWeightsPerNeuron();

    /** p = m·r + m·d, the number of trained parameters. */
    default long parameterCount() {
        return (long) width() * (recurrentWeightsPerNeuron() + inputDim());
    }

    /** A copy of the recurrent weights, m·r numbers, neuron-major (see the class comment). */
    double[] recurrentWeights();

    /** A copy of U, row-major m×d. */
    double[] u();

    /** A copy of the output signs c (length m). */
    double[] c();

    /**
     * The same network with new trained parameters; σ and c are kept.
     *
     * @param recurrent the recurrent weights, m·r numbers, finite (not modified)
     * @param u         U, row-major m×d, finite (not modified)
     * @throws IllegalArgumentException on a length mismatch or a non-finite value
     */
    M withParameters(double[] recurrent, double[] u);
}

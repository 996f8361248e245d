package org.rnntk.core.feedforward;

/**
 * Computes the outputs, the squared loss and its exact gradient (backpropagation) of a
 * {@link FeedforwardNetwork} on a {@link FeedforwardData} set. The loss is Chatterjee's form
 * (docs/theory.md §9)
 * <pre>
 *   L(θ) = (1/n) Σ_i (F(x_i; θ) − y_i)²
 * </pre>
 * (note: no factor ½, unlike the RNN loss of §3). Implementations live in {@code rnntk-kernels};
 * they may keep buffers between calls, so each states its thread rule (the kernels' backend may be
 * shared: it serializes calls) and is closed when done; a call after {@link #close()} throws
 * {@link IllegalStateException}.
 */
public interface FeedforwardBackend extends AutoCloseable {

    /**
     * F(x_i; θ) for every sample.
     *
     * @return a new array of length n
     * @throws IllegalArgumentException when the data's d differs from the network's
     */
    double[] outputs(FeedforwardNetwork network, FeedforwardData data);

    /** L(θ). */
    double loss(FeedforwardNetwork network, FeedforwardData data);

    /**
     * L(θ) and ∇L(θ).
     *
     * @param gradient length p (modified: overwritten with ∇L in the layout of {@link FeedforwardConfig})
     * @return L(θ)
     */
    double lossAndGradientInto(FeedforwardNetwork network, FeedforwardData data, double[] gradient);

    /** ∇L(θ) as a new array. */
    default double[] gradient(FeedforwardNetwork network, FeedforwardData data) {
        double[] g = new double[network.config().parameterCount()];
        lossAndGradientInto(network, data, g);
        return g;
    }

    /** Releases buffers. */
    @Override
    void close();
}

package org.rnntk.kernels.pl.objective;

import java.util.Objects;

import org.rnntk.core.feedforward.FeedforwardBackend;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardData;
import org.rnntk.core.feedforward.FeedforwardNetwork;
import org.rnntk.kernels.pl.Objective;

/**
 * The feedforward loss L(θ) = (1/n) Σ (F(x_i; θ) − y_i)² (docs/theory.md §9) as an {@link Objective}
 * of the flat parameter vector θ. Uses (does not own) the backend; keeps no other state, so its thread
 * rule is the backend's (the kernels' backends serialize calls from several threads).
 */
public final class FeedforwardObjective implements Objective {

    private final FeedforwardBackend backend;
    private final FeedforwardConfig config;
    private final FeedforwardData data;

    public FeedforwardObjective(FeedforwardBackend backend, FeedforwardConfig config, FeedforwardData data) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.config = Objects.requireNonNull(config, "config");
        this.data = Objects.requireNonNull(data, "data");
        data.requireInputDim(config.inputDim());
    }

    public FeedforwardConfig config() {
        return config;
    }

    public FeedforwardData data() {
        return data;
    }

    /** The network at θ (not modified). */
    public FeedforwardNetwork network(double[] theta) {
        return new FeedforwardNetwork(config, theta);
    }

    @Override
    public int dimension() {
        return config.parameterCount();
    }

    @Override
    public double value(double[] x) {
        return backend.loss(network(x), data);
    }

    @Override
    public double[] gradient(double[] x) {
        return backend.gradient(network(x), data);
    }
}

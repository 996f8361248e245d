package org.rnntk.core.feedforward;

import java.util.Arrays;
import java.util.Objects;

import org.rnntk.core.Checks;

/**
 * A {@link FeedforwardConfig} with its parameter vector θ (layout in {@link FeedforwardConfig}),
 * immutable: the array is copied in and out.
 *
 * @param config     the architecture
 * @param parameters θ, length p, finite
 */
public record FeedforwardNetwork(FeedforwardConfig config, double[] parameters) {

    public FeedforwardNetwork {
        Objects.requireNonNull(config, "config");
        Checks.length("parameters", parameters, config.parameterCount(), "the configuration " + config);
        Checks.allFinite("parameters", parameters);
        parameters = parameters.clone();
    }

    /** A copy of θ. */
    @Override
    public double[] parameters() {
        return parameters.clone();
    }

    /** θ_k. */
    public double parameter(int k) {
        return parameters[k];
    }

    /** W_ℓ(i, j), ℓ = 1..L. */
    public double weight(int layer, int i, int j) {
        return parameters[config.weightOffset(layer) + i * config.width(layer - 1) + j];
    }

    /** b_ℓ(i) (0 when the configuration has no biases). */
    public double bias(int layer, int i) {
        return config.biases() ? parameters[config.biasOffset(layer) + i] : 0.0;
    }

    /** The same architecture with other parameters (not modified). */
    public FeedforwardNetwork withParameters(double[] theta) {
        return new FeedforwardNetwork(config, theta);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeedforwardNetwork other && config.equals(other.config)
                && Arrays.equals(parameters, other.parameters);
    }

    @Override
    public int hashCode() {
        return 31 * config.hashCode() + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        return "FeedforwardNetwork[" + config + "]";
    }
}

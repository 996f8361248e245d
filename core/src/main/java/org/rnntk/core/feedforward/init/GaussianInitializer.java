package org.rnntk.core.feedforward.init;

import java.util.Objects;

import org.apache.commons.math3.random.Well19937c;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardInitializer;
import org.rnntk.core.feedforward.FeedforwardNetwork;

/**
 * Seeded Gaussian initializations with zero biases: Xavier/Glorot normal (W_ℓ entries ~
 * N(0, 2/(d_{ℓ−1} + d_ℓ))) and He normal (N(0, 2/d_{ℓ−1})). Draw order: layer by layer, W_ℓ
 * row-major; commons-math3's {@link Well19937c}, so a seed pins θ(0) bit for bit on every JDK.
 *
 * @param scheme XAVIER or HE
 * @param seed   the seed
 */
public record GaussianInitializer(Scheme scheme, long seed) implements FeedforwardInitializer {

    /** The variance rule. */
    public enum Scheme {
        /** Var = 2/(fan_in + fan_out). */
        XAVIER,
        /** Var = 2/fan_in. */
        HE
    }

    public GaussianInitializer {
        Objects.requireNonNull(scheme, "scheme");
    }

    @Override
    public FeedforwardNetwork initialize(FeedforwardConfig config) {
        Objects.requireNonNull(config, "config");
        double[] theta = new double[config.parameterCount()];
        Well19937c rng = new Well19937c(seed);
        for (int l = 1; l <= config.depth(); l++) {
            int fanIn = config.width(l - 1);
            int fanOut = config.width(l);
            double sd = Math.sqrt(scheme == Scheme.XAVIER ? 2.0 / (fanIn + fanOut) : 2.0 / fanIn);
            int off = config.weightOffset(l);
            for (int k = 0; k < fanIn * fanOut; k++) {
                theta[off + k] = sd * rng.nextGaussian();
            }
        }
        return new FeedforwardNetwork(config, theta);
    }
}

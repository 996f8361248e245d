package org.rnntk.core.feedforward;

/** Draws or sets θ(0) of a feedforward network; see {@link FeedforwardInitializers}. */
public interface FeedforwardInitializer {

    /**
     * @param config the architecture
     * @return a fresh network; the same initializer and configuration give a bit-identical network
     * @throws IllegalArgumentException when the initializer does not fit the configuration
     */
    FeedforwardNetwork initialize(FeedforwardConfig config);
}

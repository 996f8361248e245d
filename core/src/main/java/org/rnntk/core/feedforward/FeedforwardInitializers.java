package org.rnntk.core.feedforward;

import org.rnntk.core.feedforward.init.GaussianInitializer;
import org.rnntk.core.feedforward.init.PositiveInitializer;

/** Factory for feedforward initializers. */
public final class FeedforwardInitializers {

    private FeedforwardInitializers() {
    }

    /**
     * Chatterjee's positive initialization (docs/theory.md §9) with given constants: W_1 = 0, every
     * entry of W_ℓ equal to c_ℓ (ℓ = 2..L−1), every output weight equal to M, biases 0 — except,
     * when φ(0) ≠ 0, the output bias, set to cancel the constant output so F(θ0) = 0. To choose M
     * from the certified threshold use {@code org.rnntk.kernels.pl.FeedforwardCertificates}.
     *
     * @param hiddenWeights c_2..c_{L−1}, each &gt; 0 (length L − 2; empty for L = 2); not modified
     * @param outputWeight  M &gt; 0
     */
    public static PositiveInitializer positive(double[] hiddenWeights, double outputWeight) {
        return new PositiveInitializer(hiddenWeights, outputWeight);
    }

    /** Xavier/Glorot normal: W_ℓ entries ~ N(0, 2/(d_{ℓ−1} + d_ℓ)), biases 0. */
    public static GaussianInitializer xavierNormal(long seed) {
        return new GaussianInitializer(GaussianInitializer.Scheme.XAVIER, seed);
    }

    /** He normal: W_ℓ entries ~ N(0, 2/d_{ℓ−1}), biases 0. */
    public static GaussianInitializer heNormal(long seed) {
        return new GaussianInitializer(GaussianInitializer.Scheme.HE, seed);
    }
}

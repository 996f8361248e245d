package org.rnntk.core.io;

import java.util.Objects;
import java.util.Optional;

import org.rnntk.core.DenseRnn;
import org.rnntk.core.init.MirroredDenseInitializer;

/**
 * A dense model read back by {@link ModelFolder#loadDense}: the network and, when it was recorded,
 * the mirrored initialization (law, ρ, input scale, seed) its parameters started from.
 *
 * @param model       the network, bit for bit as saved
 * @param initializer the initialization it came from, or null when unknown
 */
public record SavedDenseModel(DenseRnn model, MirroredDenseInitializer initializer) {

    public SavedDenseModel {
        Objects.requireNonNull(model, "model");
    }

    /** The initialization, when recorded. */
    public Optional<MirroredDenseInitializer> initialization() {
        return Optional.ofNullable(initializer);
    }
}

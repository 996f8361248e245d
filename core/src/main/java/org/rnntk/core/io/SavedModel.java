package org.rnntk.core.io;

import java.util.Objects;
import java.util.Optional;

import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.init.SymmetricInitializer;

/**
 * A model read back by {@link ModelFolder#load}: the network and, when it was recorded, the
 * symmetric initialization (α, law, input scale, seed) its parameters started from.
 *
 * @param model       the network, bit for bit as saved
 * @param initializer the initialization it came from, or null when unknown
 */
public record SavedModel(DiagonalRnn model, SymmetricInitializer initializer) {

    public SavedModel {
        Objects.requireNonNull(model, "model");
    }

    /** The initialization, when recorded. */
    public Optional<SymmetricInitializer> initialization() {
        return Optional.ofNullable(initializer);
    }
}

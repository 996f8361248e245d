package org.rnntk.core;

import org.rnntk.core.init.SymmetricInitializer;

/** Factory for initializers. */
public final class Initializers {

    private Initializers() {
    }

    /**
     * The symmetric initialization of docs/theory.md §2 with u(0) ~ N(0, I_d): F(X; Θ(0)) = 0 exactly.
     *
     * @param alpha the recurrent-weight scale α ≥ 0
     * @param law   CONSTANT (w(0) = α) or UNIFORM (w(0) ~ U[−α, α])
     * @param seed  the seed of every random draw
     */
    public static SymmetricInitializer symmetric(double alpha, RecurrentLaw law, long seed) {
        return new SymmetricInitializer(alpha, law, 1.0, seed);
    }

    /** As {@link #symmetric(double, RecurrentLaw, long)} with u(0) ~ N(0, s² I_d). */
    public static SymmetricInitializer symmetric(double alpha, RecurrentLaw law, double inputScale, long seed) {
        return new SymmetricInitializer(alpha, law, inputScale, seed);
    }
}

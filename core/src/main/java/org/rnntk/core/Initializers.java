package org.rnntk.core;

import org.rnntk.core.init.MirroredDenseInitializer;
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

    /**
     * The mirrored initialization of the dense network (docs/theory.md §11): W(0) = diag(A, A) with
     * A from {@code law} at spectral-radius target ρ, u and c mirrored, u(0) ~ N(0, I_d);
     * F(X; Θ(0)) = 0 exactly.
     *
     * @param rho  the target spectral radius ρ ≥ 0 of A
     * @param law  GAUSSIAN (A_{ik} ~ N(0, ρ²/(m/2))) or ORTHOGONAL (A = ρQ, Q Haar orthogonal)
     * @param seed the seed of every random draw
     */
    public static MirroredDenseInitializer mirroredDense(double rho, DenseLaw law, long seed) {
        return new MirroredDenseInitializer(rho, law, 1.0, seed);
    }

    /** As {@link #mirroredDense(double, DenseLaw, long)} with u(0) ~ N(0, s² I_d). */
    public static MirroredDenseInitializer mirroredDense(double rho, DenseLaw law, double inputScale, long seed) {
        return new MirroredDenseInitializer(rho, law, inputScale, seed);
    }
}

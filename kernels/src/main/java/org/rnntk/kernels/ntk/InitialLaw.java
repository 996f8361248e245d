package org.rnntk.kernels.ntk;

import java.util.Objects;

import org.rnntk.core.Checks;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.init.SymmetricInitializer;

/**
 * The law of one neuron's initial parameters (docs/theory.md §2): w = α ({@link RecurrentLaw#CONSTANT})
 * or w ~ Uniform[−α, α] ({@link RecurrentLaw#UNIFORM}), and u ~ N(0, s² I_d) independently. The
 * output sign does not enter the NTK summand (c² = 1).
 *
 * @param alpha      α ≥ 0
 * @param law        the law of w
 * @param inputScale s &gt; 0
 */
public record InitialLaw(double alpha, RecurrentLaw law, double inputScale) {

    public InitialLaw {
        Checks.nonNegative("alpha", alpha);
        Objects.requireNonNull(law, "law");
        Checks.positive("input weight scale", inputScale);
    }

    /** The law a symmetric initializer draws each mirrored pair from (its seed is not used). */
    public static InitialLaw of(SymmetricInitializer initializer) {
        Objects.requireNonNull(initializer, "initializer");
        return new InitialLaw(initializer.alpha(), initializer.law(), initializer.inputScale());
    }

    /** A symmetric initializer of this law with the given seed. */
    public SymmetricInitializer initializer(long seed) {
        return new SymmetricInitializer(alpha, law, inputScale, seed);
    }
}

package org.rnntk.core.init;

import java.util.Objects;

import org.apache.commons.math3.random.Well19937c;
import org.rnntk.core.Activation;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializer;
import org.rnntk.core.RecurrentLaw;

/**
 * The symmetric initialization (docs/theory.md §2). For i &lt; m/2, independently:
 * c_i ~ Rademacher, u_i(0) ~ N(0, s² I_d), w_i(0) = α or ~ Uniform[−α, α]; then neuron i + m/2
 * mirrors neuron i with the opposite sign: c_{i+m/2} = −c_i, u_{i+m/2}(0) = u_i(0),
 * w_{i+m/2}(0) = w_i(0). Each mirrored pair then has identical hidden states and opposite output
 * signs, so F_t(X; Θ(0)) = 0 exactly, in floating point too.
 *
 * <p>Draw order (fixed, so a seed pins the network bit for bit): for each i &lt; m/2, the sign,
 * then the d Gaussian coordinates of u_i, then (UNIFORM only) w_i. The generator is
 * commons-math3's {@link Well19937c}, whose output does not depend on the JDK.
 *
 * @param alpha      α ≥ 0, finite
 * @param law        the law of w(0)
 * @param inputScale s &gt; 0, the standard deviation of the entries of u(0) (1 in the theory)
 * @param seed       the seed
 */
public record SymmetricInitializer(double alpha, RecurrentLaw law, double inputScale, long seed)
        implements Initializer {

    public SymmetricInitializer {
        Checks.nonNegative("alpha", alpha);
        Objects.requireNonNull(law, "law");
        Checks.positive("input weight scale", inputScale);
    }

    @Override
    public DiagonalRnn initialize(int width, int inputDim, Activation activation) {
        Checks.evenWidth("width m", width);
        Checks.positive("input dimension d", inputDim);
        Objects.requireNonNull(activation, "activation");
        int half = width / 2;
        double[] w = new double[width];
        double[] u = new double[width * inputDim];
        double[] c = new double[width];
        Well19937c rng = new Well19937c(seed);
        for (int i = 0; i < half; i++) {
            c[i] = rng.nextBoolean() ? 1.0 : -1.0;
            for (int k = 0; k < inputDim; k++) {
                u[i * inputDim + k] = inputScale * rng.nextGaussian();
            }
            w[i] = law == RecurrentLaw.CONSTANT ? alpha : alpha * (2.0 * rng.nextDouble() - 1.0);
            int mirror = i + half;
            c[mirror] = -c[i];
            w[mirror] = w[i];
            System.arraycopy(u, i * inputDim, u, mirror * inputDim, inputDim);
        }
        return new DiagonalRnn(activation, inputDim, w, u, c);
    }
}

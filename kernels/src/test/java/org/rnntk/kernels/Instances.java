package org.rnntk.kernels;

import java.util.Random;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;

/** Seeded random test instances. */
public final class Instances {

    private Instances() {
    }

    /** Inputs with ‖x_t‖ ≤ 1 and targets in [−1, 1]. */
    public static SequenceDataset data(Random rng, int n, int steps, int d) {
        return data(rng, n, steps, d, 1.0);
    }

    /** Inputs with ‖x_t‖ ≤ 1 and targets in [−yMax, yMax] (the same draws as with yMax = 1, scaled). */
    public static SequenceDataset data(Random rng, int n, int steps, int d, double yMax) {
        double[] x = new double[n * steps * d];
        for (int r = 0; r < n * steps; r++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                x[r * d + k] = rng.nextGaussian();
                norm += x[r * d + k] * x[r * d + k];
            }
            double scale = rng.nextDouble() / Math.sqrt(norm);
            for (int k = 0; k < d; k++) {
                x[r * d + k] *= scale;
            }
        }
        double[] y = new double[n * steps];
        for (int i = 0; i < y.length; i++) {
            y[i] = yMax * (2 * rng.nextDouble() - 1);
        }
        return new SequenceDataset(n, steps, d, x, y);
    }

    /** A network with |w_i| ≤ wMax, Gaussian U and random signs (not symmetric: F ≠ 0). */
    public static DiagonalRnn model(Random rng, Activation act, int m, int d, double wMax) {
        double[] w = new double[m];
        double[] u = new double[m * d];
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = wMax * (2 * rng.nextDouble() - 1);
            c[i] = rng.nextBoolean() ? 1 : -1;
        }
        for (int i = 0; i < u.length; i++) {
            u[i] = rng.nextGaussian();
        }
        return new DiagonalRnn(act, d, w, u, c);
    }

    /** tanh declared as a user activation: σ' from z, not from σ(z), exercises the kernels' other path. */
    public static Activation customTanh() {
        return Activations.custom("tanh-custom", Math::tanh, z -> 1 - Math.tanh(z) * Math.tanh(z),
                z -> -2 * Math.tanh(z) * (1 - Math.tanh(z) * Math.tanh(z)), Activations.tanh().constants());
    }
}

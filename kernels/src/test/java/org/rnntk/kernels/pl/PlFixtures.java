package org.rnntk.kernels.pl;

import org.apache.commons.math3.random.Well19937c;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.feedforward.FeedforwardData;

/** Seeded test data for the criterion tests. */
final class PlFixtures {

    private PlFixtures() {
    }

    /** n inputs on the unit sphere of R^d (linearly independent almost surely when d ≥ n), y ~ U[−s, s]. */
    static FeedforwardData sphereData(long seed, int n, int d, double targetScale) {
        Well19937c rng = new Well19937c(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                x[i * d + k] = rng.nextGaussian();
                norm += x[i * d + k] * x[i * d + k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < d; k++) {
                x[i * d + k] /= norm;
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = targetScale * (2 * rng.nextDouble() - 1);
        }
        return new FeedforwardData(n, d, x, y);
    }

    /** Sequences with ‖x_t‖ = 1 and targets ±s at every step. */
    static SequenceDataset sequences(long seed, int n, int steps, int d, double targetScale) {
        Well19937c rng = new Well19937c(seed);
        double[] x = new double[n * steps * d];
        for (int row = 0; row < n * steps; row++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                x[row * d + k] = rng.nextGaussian();
                norm += x[row * d + k] * x[row * d + k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < d; k++) {
                x[row * d + k] /= norm;
            }
        }
        double[] y = new double[n * steps];
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextBoolean() ? targetScale : -targetScale;
        }
        return new SequenceDataset(n, steps, d, x, y);
    }
}

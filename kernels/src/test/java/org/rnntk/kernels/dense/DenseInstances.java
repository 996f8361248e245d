package org.rnntk.kernels.dense;

import java.util.Random;

import org.rnntk.core.Activation;
import org.rnntk.core.DenseRnn;

/** Seeded random dense networks for tests. */
final class DenseInstances {

    private DenseInstances() {
    }

    /** W with N(0, (scale²)/m) entries (spectral radius ≈ scale), Gaussian U, random signs: F ≠ 0. */
    static DenseRnn model(Random rng, Activation act, int m, int d, double scale) {
        double[] w = new double[m * m];
        double[] u = new double[m * d];
        double[] c = new double[m];
        for (int i = 0; i < w.length; i++) {
            w[i] = scale * rng.nextGaussian() / Math.sqrt(m);
        }
        for (int i = 0; i < u.length; i++) {
            u[i] = rng.nextGaussian();
        }
        for (int i = 0; i < m; i++) {
            c[i] = rng.nextBoolean() ? 1 : -1;
        }
        return new DenseRnn(act, m, d, w, u, c);
    }
}

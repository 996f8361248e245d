package org.rnntk.kernels.ntk;

import java.util.Random;

import org.rnntk.core.Activation;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Instances;

/** Seeded random instances for the NTK tests. */
final class NtkInstances {

    private NtkInstances() {
    }

    /** Inputs with ‖x_t‖ ≤ 1 and targets in [−yMax, yMax]. */
    static SequenceDataset data(Random rng, int n, int steps, int d, double yMax) {
        return Instances.data(rng, n, steps, d, yMax);
    }

    /** A non-symmetric network: w ~ U[−wMax, wMax], Gaussian U, random signs (F ≠ 0). */
    static DiagonalRnn model(Random rng, Activation act, int m, int d, double wMax) {
        return Instances.model(rng, act, m, d, wMax);
    }

    /** tanh declared as a user activation (σ' from z). */
    static Activation customTanh() {
        return Instances.customTanh();
    }

    /** max over entries |a − b| / max|b|. */
    static double relativeError(GramMatrix a, double[][] b) {
        double scale = 0;
        double err = 0;
        for (int r = 0; r < b.length; r++) {
            for (int c = 0; c < b[r].length; c++) {
                scale = Math.max(scale, Math.abs(b[r][c]));
                err = Math.max(err, Math.abs(a.get(r, c) - b[r][c]));
            }
        }
        return err / scale;
    }

    /** max over entries |a − b| / max|b|. */
    static double relativeError(GramMatrix a, GramMatrix b) {
        return relativeError(a, b.toArray());
    }
}

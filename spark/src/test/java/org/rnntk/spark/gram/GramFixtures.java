package org.rnntk.spark.gram;

import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.data.SyntheticTasks;

/** Small models and data sets shared by the block-Gram tests. */
final class GramFixtures {

    static final int D = 3;

    private GramFixtures() {
    }

    static DiagonalRnn model(int width) {
        return Initializers.symmetric(0.6, RecurrentLaw.UNIFORM, 11).initialize(width, D, Activations.tanh());
    }

    static SequenceDataset data(int n, int steps, long seed) {
        return SyntheticTasks.filter(n, steps, D, 0.5, 1.0, seed).generate();
    }

    /** max |a_i − b_i|. */
    static double maxAbsDiff(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths " + a.length + " and " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}

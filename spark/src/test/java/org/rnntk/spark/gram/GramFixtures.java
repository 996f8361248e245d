package org.rnntk.spark.gram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.kernels.ntk.GramMatrix;

/** Small models and data sets shared by the block-Gram tests. */
public final class GramFixtures {

    static final int D = 3;

    private GramFixtures() {
    }

    static DiagonalRnn model(int width) {
        return Initializers.symmetric(0.6, RecurrentLaw.UNIFORM, 11).initialize(width, D, Activations.tanh());
    }

    static SequenceDataset data(int n, int steps, long seed) {
        return SyntheticTasks.filter(n, steps, D, 0.5, 1.0, seed).generate();
    }

    /**
     * Asserts that a tiled Gram equals the single-machine one up to the order of the contraction's sums.
     * Both compute K_ab = ⟨J_a, J_b⟩ from the same Jacobian rows (each row is computed from its own
     * sequence alone) as float64 sums of p = m(d+1) products (two GEMMs of m and m·d terms, then one
     * addition); OpenBLAS's kernels may order the sum differently for different block shapes (the
     * odd-row edge of a GEMM). Any order is within γ_{p+1} Σ_k |J_ak J_bk| of the exact sum, so two
     * orders differ by at most 2 γ_{p+1} ‖J_a‖ ‖J_b‖ = 2 γ_{p+1} √(K_aa K_bb), γ_q = q u / (1 − q u),
     * u = 2⁻⁵³ (Higham, Accuracy and Stability of Numerical Algorithms, §3.1). The diagonals are
     * taken from the symmetric Grams of the row and column data sets (the same for a Gram).
     *
     * @return the largest |Δ_ab| / bound_ab (0 when bit-identical)
     */
    public static double assertWithinReorderBound(GramMatrix reference, GramMatrix tiled, double[] rowDiag,
                                           double[] colDiag, long p) {
        assertEquals(reference.rows(), tiled.rows());
        assertEquals(reference.cols(), tiled.cols());
        assertEquals(reference.symmetric(), tiled.symmetric());
        double u = 0x1p-53;
        double gamma = (p + 1) * u / (1 - (p + 1) * u);
        double worst = 0;
        for (int a = 0; a < reference.rows(); a++) {
            for (int b = 0; b < reference.cols(); b++) {
                double diff = Math.abs(reference.get(a, b) - tiled.get(a, b));
                if (diff > 0) {
                    double bound = 2 * gamma * Math.sqrt(rowDiag[a] * colDiag[b]);
                    assertTrue(diff <= bound, "entry (" + a + ", " + b + "): " + tiled.get(a, b) + " against "
                            + reference.get(a, b) + ", |diff| " + diff + " > bound " + bound);
                    worst = Math.max(worst, diff / bound);
                }
            }
        }
        return worst;
    }

    /** The diagonal of a square Gram. */
    public static double[] diagonal(GramMatrix k) {
        double[] d = new double[k.rows()];
        for (int i = 0; i < d.length; i++) {
            d[i] = k.get(i, i);
        }
        return d;
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

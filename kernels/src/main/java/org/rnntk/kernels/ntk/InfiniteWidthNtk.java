package org.rnntk.kernels.ntk;

import java.util.Objects;

import org.apache.commons.math3.random.Well19937c;
import org.rnntk.core.Activation;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;

/**
 * The infinite-width NTK by Monte Carlo over the initialization law (docs/theory.md §5):
 * <pre>
 *   K∞((X,t),(X',s)) = E_{(w,u) ~ law} [ a_t(X) a_s(X') + ⟨b_t(X), b_s(X')⟩ ]
 * </pre>
 * with a_t, b_t one neuron's sensitivities. The average of the summand over M independent draws is
 * exactly the empirical NTK of a width-M network whose neurons are those draws (the 1/m in the
 * NTK is the average), so the estimate is computed by the same {@link EmpiricalNtk}, in B batches
 * of M/B neurons whose spread gives the standard error.
 *
 * <p>At the symmetric initialization E[K_m] = K∞ exactly for every even m (each mirrored pair
 * contributes the same summand twice), and K_m − K∞ has standard deviation of order 1/√(m/2).
 */
public final class InfiniteWidthNtk {

    private InfiniteWidthNtk() {
    }

    /** As {@link #monteCarlo(EmpiricalNtk, Activation, InitialLaw, SequenceDataset, SequenceDataset, Loss, int, int, long)} for the Gram of one data set. */
    public static MonteCarloKernel monteCarlo(EmpiricalNtk ntk, Activation activation, InitialLaw law,
                                              SequenceDataset data, Loss mode, int draws, int batches, long seed) {
        return monteCarlo(ntk, activation, law, data, data, mode, draws, batches, seed);
    }

    /**
     * Estimates K∞(rows, cols).
     *
     * @param ntk     the kernel function that evaluates each batch
     * @param draws   M ≥ 2, a multiple of {@code batches}
     * @param batches B ≥ 2
     * @param seed    the seed; draw order per neuron: d Gaussian coordinates of u, then (UNIFORM) w,
     *                from commons-math3's Well19937c
     * @throws IllegalArgumentException when draws is not a positive multiple of batches, batches &lt; 2,
     *                                  or the data sets' d differ
     */
    public static MonteCarloKernel monteCarlo(EmpiricalNtk ntk, Activation activation, InitialLaw law,
                                              SequenceDataset rows, SequenceDataset cols, Loss mode, int draws,
                                              int batches, long seed) {
        Objects.requireNonNull(ntk, "ntk");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(law, "law");
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(cols, "cols");
        Objects.requireNonNull(mode, "mode");
        if (batches < 2) {
            throw new IllegalArgumentException("batches (" + batches + ") must be >= 2 to estimate a standard error");
        }
        if (draws < batches || draws % batches != 0) {
            throw new IllegalArgumentException("draws (" + draws + ") must be a positive multiple of batches ("
                    + batches + ")");
        }
        int d = rows.inputDim();
        int perBatch = draws / batches;
        Well19937c rng = new Well19937c(seed);
        double[] mean = null;
        double[] m2 = null;
        GramMatrix shape = null;
        double[] c = new double[perBatch];
        java.util.Arrays.fill(c, 1.0);
        for (int b = 0; b < batches; b++) {
            double[] w = new double[perBatch];
            double[] u = new double[perBatch * d];
            for (int i = 0; i < perBatch; i++) {
                for (int k = 0; k < d; k++) {
                    u[i * d + k] = law.inputScale() * rng.nextGaussian();
                }
                w[i] = law.law() == RecurrentLaw.CONSTANT ? law.alpha() : law.alpha() * (2.0 * rng.nextDouble() - 1.0);
            }
            DiagonalRnn batch = new DiagonalRnn(activation, d, w, u, c);
            GramMatrix k = ntk.gram(batch, rows, cols, mode);
            double[] v = k.raw();
            if (mean == null) {
                mean = new double[v.length];
                m2 = new double[v.length];
                shape = k;
            }
            // Welford's update: no cancellation between Σ K_b² and B·K̄².
            for (int e = 0; e < v.length; e++) {
                double delta = v[e] - mean[e];
                mean[e] += delta / (b + 1);
                m2[e] += delta * (v[e] - mean[e]);
            }
        }
        double[] se = new double[mean.length];
        for (int e = 0; e < mean.length; e++) {
            se[e] = Math.sqrt(m2[e] / (batches - 1.0) / batches);
        }
        GramMatrix k = new GramMatrix(mode, shape.rowSequences(), shape.rowSteps(), shape.colSequences(),
                shape.colSteps(), shape.symmetric(), mean);
        return new MonteCarloKernel(k, se, draws, batches, seed);
    }
}

package org.rnntk.kernels.ntk;

import java.util.Objects;

import org.rnntk.core.Checks;

/**
 * A Monte Carlo estimate of the infinite-width NTK K∞ (docs/theory.md §5) with a standard error per
 * entry.
 *
 * @param mean           the estimate: the average of the single-neuron summand over {@code draws}
 *                       independent draws
 * @param standardError  per entry, row-major like {@code mean}: the batch-means standard error
 *                       sqrt(Σ_b (K_b − K̄)² / (B(B − 1))) over {@code batches} independent batch
 *                       averages K_b of draws/B draws each
 * @param draws          the number of independent neuron draws
 * @param batches        B, the number of batches the standard error is estimated from
 * @param seed           the seed of the draws
 */
public record MonteCarloKernel(GramMatrix mean, double[] standardError, int draws, int batches, long seed) {

    public MonteCarloKernel {
        Objects.requireNonNull(mean, "mean");
        Checks.length("standardError", standardError, (long) mean.rows() * mean.cols(), "the shape of the mean");
        Checks.allFinite("standardError", standardError);
        Checks.positive("draws", draws);
        Checks.positive("batches", batches);
        standardError = standardError.clone();
    }

    @Override
    public double[] standardError() {
        return standardError.clone();
    }

    /** The standard error of entry (row, col). */
    public double standardError(int row, int col) {
        return standardError[row * mean.cols() + col];
    }

    /** max over entries of the standard error. */
    public double maxStandardError() {
        double s = 0;
        for (double v : standardError) {
            s = Math.max(s, v);
        }
        return s;
    }

    /** sqrt(Σ SE²)/‖K̄‖_F: the Monte Carlo noise floor of a relative Frobenius error against this estimate. */
    public double relativeStandardError() {
        double s = 0;
        for (double v : standardError) {
            s += v * v;
        }
        return Math.sqrt(s) / mean.frobeniusNorm();
    }
}

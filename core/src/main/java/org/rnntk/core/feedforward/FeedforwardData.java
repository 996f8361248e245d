package org.rnntk.core.feedforward;

import java.util.Arrays;

import org.rnntk.core.Checks;

/**
 * n inputs x_i ∈ R^d with scalar targets y_i, immutable (arrays copied in and out).
 * Layout: {@code x[i*d + k]} is coordinate k of x_i.
 *
 * @param n        number of samples, ≥ 1
 * @param inputDim d ≥ 1
 * @param x        inputs, length n·d, finite
 * @param y        targets, length n, finite
 */
public record FeedforwardData(int n, int inputDim, double[] x, double[] y) {

    public FeedforwardData {
        Checks.positive("number of samples n", n);
        Checks.positive("input dimension d", inputDim);
        Checks.length("inputs x", x, (long) n * inputDim, "shape " + Checks.shape(n, inputDim));
        Checks.length("targets y", y, n, "n = " + n + " samples");
        Checks.allFinite("x", x);
        Checks.allFinite("y", y);
        x = x.clone();
        y = y.clone();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    /** x_i[k]. */
    public double input(int i, int k) {
        return x[i * inputDim + k];
    }

    /** y_i. */
    public double target(int i) {
        return y[i];
    }

    /** max_i ‖x_i‖₂. */
    public double maxInputNorm() {
        double best = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < inputDim; k++) {
                s += x[i * inputDim + k] * x[i * inputDim + k];
            }
            best = Math.max(best, s);
        }
        return Math.sqrt(best);
    }

    /** (1/n) Σ y_i², the loss of a network whose output is 0 on every input. */
    public double meanSquareTarget() {
        double s = 0;
        for (double v : y) {
            s += v * v;
        }
        return s / n;
    }

    /** G = X Xᵀ, the n×n input Gram matrix (a new array). */
    public double[][] inputGram() {
        double[][] g = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < inputDim; k++) {
                    s += x[i * inputDim + k] * x[j * inputDim + k];
                }
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        return g;
    }

    /** The same inputs with other targets (length n, not modified). */
    public FeedforwardData withTargets(double[] targets) {
        return new FeedforwardData(n, inputDim, x, targets);
    }

    /** Requires this data set to have input dimension d. */
    public void requireInputDim(int d) {
        if (inputDim != d) {
            throw new IllegalArgumentException("inputs x have shape " + Checks.shape(n, inputDim)
                    + " but the network expects d = " + d);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeedforwardData other && n == other.n && inputDim == other.inputDim
                && Arrays.equals(x, other.x) && Arrays.equals(y, other.y);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * n + inputDim) + 17 * Arrays.hashCode(x) + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return "FeedforwardData[n=" + n + ", d=" + inputDim + "]";
    }
}

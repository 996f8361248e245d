package org.rnntk.core;

import java.util.Objects;

/**
 * n input sequences X_j ∈ R^{T×d} with targets Y_j ∈ R^T, immutable.
 *
 * <p>Layout (C order, as in NumPy): {@code x[(j*T + t)*d + k]} is the k-th coordinate of x_t in
 * sequence j (t = 0..T−1 here stands for the theory's t = 1..T), and {@code y[j*T + t]} is Y_{j,t}.
 * For the last-step loss only {@code y[j*T + T−1]} is used. Arrays are copied in and out.
 */
public final class SequenceDataset {

    private final int n;
    private final int timeSteps;
    private final int inputDim;
    private final double[] x;
    private final double[] y;

    /**
     * @param n         number of sequences, ≥ 1
     * @param timeSteps T ≥ 1
     * @param inputDim  d ≥ 1
     * @param x         inputs, length n·T·d, finite (not modified)
     * @param y         targets, length n·T, finite (not modified)
     */
    public SequenceDataset(int n, int timeSteps, int inputDim, double[] x, double[] y) {
        this.n = Checks.positive("number of sequences n", n);
        this.timeSteps = Checks.positive("sequence length T", timeSteps);
        this.inputDim = Checks.positive("input dimension d", inputDim);
        long cells = (long) n * timeSteps;
        if (cells * inputDim > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("inputs of shape " + Checks.shape(n, timeSteps, inputDim)
                    + " exceed the 2^31 elements a Java array can hold");
        }
        Checks.length("inputs x", x, cells * inputDim, "shape " + Checks.shape(n, timeSteps, inputDim));
        Checks.length("targets y", y, cells, "shape " + Checks.shape(n, timeSteps));
        Checks.allFinite("x", x);
        Checks.allFinite("y", y);
        this.x = x.clone();
        this.y = y.clone();
    }

    /** n. */
    public int size() {
        return n;
    }

    /** T. */
    public int timeSteps() {
        return timeSteps;
    }

    /** d. */
    public int inputDim() {
        return inputDim;
    }

    /** A copy of the inputs, shape n×T×d in C order. */
    public double[] inputs() {
        return x.clone();
    }

    /** A copy of the targets, shape n×T in C order. */
    public double[] targets() {
        return y.clone();
    }

    /** x_{j,t,k}, with t = 0..T−1. */
    public double input(int j, int t, int k) {
        return x[(j * timeSteps + t) * inputDim + k];
    }

    /** Y_{j,t}, with t = 0..T−1. */
    public double target(int j, int t) {
        return y[j * timeSteps + t];
    }

    /** max over j, t of ‖x_{j,t}‖₂; every bound assumes it is ≤ 1 (docs/theory.md §1). */
    public double maxInputNorm() {
        double best = 0;
        for (int row = 0; row < n * timeSteps; row++) {
            double s = 0;
            for (int k = 0; k < inputDim; k++) {
                double v = x[row * inputDim + k];
                s += v * v;
            }
            best = Math.max(best, s);
        }
        return Math.sqrt(best);
    }

    /** max |y_q| over the outputs the loss fits (the Ymax of docs/theory.md §8). */
    public double maxAbsTarget(Loss loss) {
        double best = 0;
        for (int j = 0; j < n; j++) {
            for (int t = loss == Loss.LAST_STEP ? timeSteps - 1 : 0; t < timeSteps; t++) {
                best = Math.max(best, Math.abs(y[j * timeSteps + t]));
            }
        }
        return best;
    }

    /** The same inputs with other targets (length n·T, not modified). */
    public SequenceDataset withTargets(double[] newTargets) {
        return new SequenceDataset(n, timeSteps, inputDim, x, newTargets);
    }

    /** Requires this data set to have input dimension d. */
    public void requireInputDim(int d, String what) {
        if (inputDim != d) {
            throw new IllegalArgumentException("inputs x have shape " + Checks.shape(n, timeSteps, inputDim)
                    + " but " + Objects.requireNonNull(what) + " expects d = " + d);
        }
    }

    @Override
    public String toString() {
        return "SequenceDataset[n=" + n + ", T=" + timeSteps + ", d=" + inputDim + "]";
    }
}

package org.rnntk.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * The dense ("non-diagonal") Elman network of docs/theory.md §11, immutable:
 * <pre>
 *   z_t = W h_{t−1} + U x_t,   h_t = σ(z_t),   h_0 = 0,   t = 1..T
 *   F_t(X; Θ) = (1/√m) Σ_i c_i h_t^i
 * </pre>
 * with W ∈ R^{m×m} (stored row-major: {@code w[i*m + k]} is W_{ik}, row i holds the weights of the
 * edges into neuron i), U ∈ R^{m×d} (row-major, row i is u_i) and fixed output signs
 * c ∈ {−1, +1}^m. The trained parameters are Θ = (W, U), p = m(m + d) numbers. The diagonal
 * network {@link DiagonalRnn} is the special case W = diag(w); the two share
 * {@link RecurrentModel}.
 *
 * <p>Every array passed in is copied and every array handed out is a copy, so an instance can be
 * shared freely between threads.
 */
public final class DenseRnn implements RecurrentModel<DenseRnn> {

    private final Activation activation;
    private final int width;
    private final int inputDim;
    private final double[] w;
    private final double[] u;
    private final double[] c;

    /**
     * @param activation σ
     * @param width      m ≥ 1
     * @param inputDim   d ≥ 1
     * @param w          W, row-major m×m, finite (not modified)
     * @param u          U, row-major m×d, finite (not modified)
     * @param c          output signs, length m, each −1 or +1 (not modified)
     * @throws IllegalArgumentException on a shape mismatch, a non-finite value or a sign not ±1
     */
    public DenseRnn(Activation activation, int width, int inputDim, double[] w, double[] u, double[] c) {
        this.activation = Objects.requireNonNull(activation, "activation");
        this.width = Checks.positive("width m", width);
        this.inputDim = Checks.positive("input dimension d", inputDim);
        if ((long) width * width > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("width m (" + width + ") is too large: W has m^2 = "
                    + (long) width * width + " entries, more than a Java array can hold");
        }
        Checks.length("recurrent weights W", w, (long) width * width, "m x m = " + width + " x " + width);
        Checks.length("input weights u", u, (long) width * inputDim, "m x d = " + width + " x " + inputDim);
        Checks.length("output signs c", c, width, "width m = " + width);
        Checks.allFinite("W", w);
        Checks.allFinite("u", u);
        for (int i = 0; i < c.length; i++) {
            if (c[i] != 1.0 && c[i] != -1.0) {
                throw new IllegalArgumentException("output sign c[" + i + "] (" + c[i] + ") must be -1 or +1");
            }
        }
        this.w = w.clone();
        this.u = u.clone();
        this.c = c.clone();
    }

    /**
     * The dense network with W = diag(w) and the diagonal network's U, c and σ: both compute the
     * same function.
     */
    public static DenseRnn of(DiagonalRnn diagonal) {
        int m = diagonal.width();
        double[] w = new double[m * m];
        for (int i = 0; i < m; i++) {
            w[i * m + i] = diagonal.w(i);
        }
        return new DenseRnn(diagonal.activation(), m, diagonal.inputDim(), w, diagonal.u(), diagonal.c());
    }

    /** The same network with new trained parameters (W row-major m×m, U); c and σ are kept. Arrays not modified. */
    @Override
    public DenseRnn withParameters(double[] newW, double[] newU) {
        return new DenseRnn(activation, width, inputDim, newW, newU, c);
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int inputDim() {
        return inputDim;
    }

    /** m: neuron i owns row i of W. */
    @Override
    public int recurrentWeightsPerNeuron() {
        return width;
    }

    /** A copy of W, row-major m×m. */
    @Override
    public double[] recurrentWeights() {
        return w.clone();
    }

    /** A copy of W, row-major m×m (the same as {@link #recurrentWeights()}). */
    public double[] w() {
        return w.clone();
    }

    @Override
    public double[] u() {
        return u.clone();
    }

    @Override
    public double[] c() {
        return c.clone();
    }

    /** W_{ik}. */
    public double w(int i, int k) {
        return w[i * width + k];
    }

    /** U_{ik}. */
    public double u(int i, int k) {
        return u[i * inputDim + k];
    }

    /** c_i. */
    public double c(int i) {
        return c[i];
    }

    /**
     * Whether W is diagonal (every off-diagonal entry is 0), in which case the diagonal network's
     * bounds would apply to {@link #toDiagonal()}.
     */
    public boolean isDiagonal() {
        for (int i = 0; i < width; i++) {
            for (int k = 0; k < width; k++) {
                if (i != k && w[i * width + k] != 0.0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The diagonal network with w = diag(W).
     *
     * @throws IllegalArgumentException when W has a non-zero off-diagonal entry
     */
    public DiagonalRnn toDiagonal() {
        if (!isDiagonal()) {
            throw new IllegalArgumentException("W of " + this + " has non-zero off-diagonal entries; "
                    + "it is not a diagonal network");
        }
        double[] diag = new double[width];
        for (int i = 0; i < width; i++) {
            diag[i] = w[i * width + i];
        }
        return new DiagonalRnn(activation, inputDim, diag, u, c);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DenseRnn)) {
            return false;
        }
        DenseRnn other = (DenseRnn) o;
        return width == other.width && inputDim == other.inputDim && activation.equals(other.activation)
                && Arrays.equals(w, other.w) && Arrays.equals(u, other.u) && Arrays.equals(c, other.c);
    }

    @Override
    public int hashCode() {
        return Objects.hash(activation, width, inputDim, Arrays.hashCode(w), Arrays.hashCode(u), Arrays.hashCode(c));
    }

    @Override
    public String toString() {
        return "DenseRnn[m=" + width + ", d=" + inputDim + ", activation=" + activation.name() + "]";
    }
}

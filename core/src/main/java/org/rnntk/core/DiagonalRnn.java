package org.rnntk.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * The diagonal ("independently recurrent") Elman network of docs/theory.md §1, immutable:
 * <pre>
 *   z_t = w ⊙ h_{t−1} + U x_t,   h_t = σ(z_t),   h_0 = 0,   t = 1..T
 *   F_t(X; Θ) = (1/√m) Σ_i c_i h_t^i
 * </pre>
 * with w ∈ R^m the diagonal of the hidden-to-hidden matrix, U ∈ R^{m×d} (stored row-major:
 * {@code u[i*d + k]} is U_{ik}, row i is neuron i's input weights u_i), and fixed output signs
 * c ∈ {−1, +1}^m. The trained parameters are Θ = (w, U), p = m(d + 1) numbers.
 *
 * <p>Every array passed in is copied and every array handed out is a copy, so an instance can be
 * shared freely between threads.
 */
public final class DiagonalRnn implements RecurrentModel<DiagonalRnn> {

    private final Activation activation;
    private final int width;
    private final int inputDim;
    private final double[] w;
    private final double[] u;
    private final double[] c;

    /**
     * @param activation σ
     * @param inputDim   d ≥ 1
     * @param w          recurrent weights, length m ≥ 1, finite (not modified)
     * @param u          input weights, row-major m×d, finite (not modified)
     * @param c          output signs, length m, each −1 or +1 (not modified)
     * @throws IllegalArgumentException on a shape mismatch, a non-finite value or a sign not ±1
     */
    public DiagonalRnn(Activation activation, int inputDim, double[] w, double[] u, double[] c) {
        this.activation = Objects.requireNonNull(activation, "activation");
        this.inputDim = Checks.positive("input dimension d", inputDim);
        if (w == null || w.length == 0) {
            throw new IllegalArgumentException("recurrent weights w must have length m >= 1");
        }
        this.width = w.length;
        Checks.length("input weights u", u, (long) width * inputDim, "m x d = " + width + " x " + inputDim);
        Checks.length("output signs c", c, width, "width m = " + width);
        Checks.allFinite("w", w);
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

    /** The same network with new trained parameters (w, U); c and σ are kept. Arrays not modified. */
    @Override
    public DiagonalRnn withParameters(double[] newW, double[] newU) {
        Checks.length("w", newW, width, "width m = " + width);
        return new DiagonalRnn(activation, inputDim, newW, newU, c);
    }

    @Override
    public Activation activation() {
        return activation;
    }

    /** m, the number of hidden neurons. */
    @Override
    public int width() {
        return width;
    }

    /** d, the input dimension. */
    @Override
    public int inputDim() {
        return inputDim;
    }

    /** p = m(d + 1), the number of trained parameters. */
    @Override
    public long parameterCount() {
        return (long) width * (inputDim + 1);
    }

    /** A copy of w (length m). */
    public double[] w() {
        return w.clone();
    }

    /** 1: neuron i owns w_i. */
    @Override
    public int recurrentWeightsPerNeuron() {
        return 1;
    }

    /** A copy of w, the same as {@link #w()}. */
    @Override
    public double[] recurrentWeights() {
        return w.clone();
    }

    /** A copy of U, row-major m×d. */
    @Override
    public double[] u() {
        return u.clone();
    }

    /** A copy of c (length m). */
    @Override
    public double[] c() {
        return c.clone();
    }

    /** w_i. */
    public double w(int i) {
        return w[i];
    }

    /** U_{ik}. */
    public double u(int i, int k) {
        return u[i * inputDim + k];
    }

    /** c_i. */
    public double c(int i) {
        return c[i];
    }

    /** max_i |w_i|, the a of the lemmas (docs/theory.md §7). */
    public double maxAbsRecurrentWeight() {
        double a = 0;
        for (double v : w) {
            a = Math.max(a, Math.abs(v));
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DiagonalRnn)) {
            return false;
        }
        DiagonalRnn other = (DiagonalRnn) o;
        return inputDim == other.inputDim && activation.equals(other.activation) && Arrays.equals(w, other.w)
                && Arrays.equals(u, other.u) && Arrays.equals(c, other.c);
    }

    @Override
    public int hashCode() {
        return Objects.hash(activation, inputDim, Arrays.hashCode(w), Arrays.hashCode(u), Arrays.hashCode(c));
    }

    @Override
    public String toString() {
        return "DiagonalRnn[m=" + width + ", d=" + inputDim + ", activation=" + activation.name() + "]";
    }
}

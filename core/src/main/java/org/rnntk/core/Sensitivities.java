package org.rnntk.core;

/**
 * The forward-mode sensitivities of docs/theory.md §4 for every sequence, step and neuron:
 * <pre>
 *   a_t^i = ∂h_t^i/∂w_i = σ'(z_t^i) (h_{t−1}^i + w_i a_{t−1}^i),   a_0 = 0
 *   b_t^i = ∇_{u_i} h_t^i = σ'(z_t^i) (x_t + w_i b_{t−1}^i),        b_0 = 0
 * </pre>
 * so that ∂F_t/∂w_i = c_i a_t^i/√m and ∇_{u_i}F_t = c_i b_t^i/√m.
 *
 * <p>Layout: {@code a[(j*T + t)*m + i]}, {@code b[((j*T + t)*m + i)*d + k]}, t = 0..T−1. The arrays
 * are owned by this object; accessors return them without copying because they can be large — do
 * not modify them.
 */
public record Sensitivities(int n, int timeSteps, int width, int inputDim, double[] a, double[] b) {

    public Sensitivities {
        long cells = (long) n * timeSteps * width;
        Checks.length("a", a, cells, "shape " + Checks.shape(n, timeSteps, width));
        Checks.length("b", b, cells * inputDim, "shape " + Checks.shape(n, timeSteps, width, inputDim));
    }

    /** a_t^i for sequence j (t = 0..T−1). */
    public double a(int j, int t, int i) {
        return a[(j * timeSteps + t) * width + i];
    }

    /** The k-th coordinate of b_t^i for sequence j. */
    public double b(int j, int t, int i, int k) {
        return b[((j * timeSteps + t) * width + i) * inputDim + k];
    }
}

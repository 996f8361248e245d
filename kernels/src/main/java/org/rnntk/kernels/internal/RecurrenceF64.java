package org.rnntk.kernels.internal;

import org.rnntk.core.Activation;

/**
 * The sequential part of the diagonal RNN in float64: the elementwise recurrence, its adjoint and
 * the forward-mode sensitivities (docs/theory.md §1, §4). Everything else is a GEMM done by ND4J.
 *
 * <p>Layout: row r = j·T + t of an (n·T)×m buffer holds step t of sequence j, neuron i at
 * {@code r*m + i}. Each method works on the neuron range [from, to), so disjoint ranges can run in
 * parallel without synchronization. Plain loops over primitive arrays: no allocation, no ND4J op
 * per step (docs/benchmarks.md has the measurement behind this choice). Not API.
 */
public final class RecurrenceF64 {

    private RecurrenceF64() {
    }

    /**
     * h_t = σ(w ⊙ h_{t−1} + z_t), h_0 = 0.
     *
     * @param hz    on entry Z = X Uᵀ, on exit H (modified)
     * @param zKeep if non-null, receives the pre-activations (modified); needed when σ' cannot be
     *              computed from σ
     */
    public static void forward(double[] hz, double[] zKeep, double[] w, Activation act, int n, int steps, int m,
                               int from, int to) {
        for (int j = 0; j < n; j++) {
            int row0 = j * steps * m;
            for (int i = from; i < to; i++) {
                int idx = row0 + i;
                double z = hz[idx];
                if (zKeep != null) {
                    zKeep[idx] = z;
                }
                hz[idx] = act.value(z);
            }
            for (int t = 1; t < steps; t++) {
                int row = row0 + t * m;
                int prev = row - m;
                for (int i = from; i < to; i++) {
                    double z = w[i] * hz[prev + i] + hz[row + i];
                    if (zKeep != null) {
                        zKeep[row + i] = z;
                    }
                    hz[row + i] = act.value(z);
                }
            }
        }
    }

    /**
     * F_r = (1/√m) Σ_i c_i H_{r,i} for rows [from, to), summed as Σ_{i<m/2} (c_i h_i + c_{i+m/2} h_{i+m/2}):
     * each mirrored pair of the symmetric initialization then cancels exactly, so F(Θ(0)) = 0 in
     * floating point and not only approximately (docs/theory.md §2).
     */
    public static void outputs(double[] h, double[] c, int m, double[] out, int from, int to) {
        double scale = 1.0 / Math.sqrt(m);
        int half = m / 2;
        for (int r = from; r < to; r++) {
            int base = r * m;
            double s = 0;
            for (int i = 0; i < half; i++) {
                s += c[i] * h[base + i] + c[i + half] * h[base + i + half];
            }
            if ((m & 1) != 0) {
                s += c[m - 1] * h[base + m - 1];
            }
            out[r] = s * scale;
        }
    }

    /**
     * Backprop through time (docs/theory.md §4) with the adjoint carried as δ_{t+1}:
     * <pre>
     *   g_t = e_t c_i/√m + w_i δ_{t+1},   δ_t = g_t σ'(z_t),   ∂R̂/∂w_i += δ_t h_{t−1}
     * </pre>
     *
     * @param h     on entry H from {@link #forward}, on exit Δ = (δ_t^i) (modified); row t is read for
     *              σ'(z_t) and row t−1 for h_{t−1} before row t is overwritten
     * @param z     the pre-activations, or null when σ' is computed from h
     * @param e     ∂R̂/∂F for every row, length n·T (not modified)
     * @param gradW receives ∂R̂/∂w_i for i in [from, to) (modified)
     * @param carry scratch of length m, entries [from, to) used (modified)
     */
    public static void backward(double[] h, double[] z, double[] w, double[] c, double[] e, Activation act, int n,
                                int steps, int m, double[] gradW, double[] carry, int from, int to) {
        double scale = 1.0 / Math.sqrt(m);
        boolean fromValue = z == null;
        for (int i = from; i < to; i++) {
            gradW[i] = 0;
        }
        for (int j = 0; j < n; j++) {
            for (int i = from; i < to; i++) {
                carry[i] = 0;
            }
            for (int t = steps - 1; t >= 0; t--) {
                int r = j * steps + t;
                int row = r * m;
                double er = e[r] * scale;
                for (int i = from; i < to; i++) {
                    double deriv = fromValue ? act.derivativeFromValue(h[row + i]) : act.derivative(z[row + i]);
                    double delta = (er * c[i] + w[i] * carry[i]) * deriv;
                    if (t > 0) {
                        gradW[i] += delta * h[row - m + i];
                    }
                    h[row + i] = delta;
                    carry[i] = delta;
                }
            }
        }
    }

    /**
     * a_t = σ'(z_t)(h_{t−1} + w a_{t−1}), b_t = σ'(z_t)(x_t + w b_{t−1}) (docs/theory.md §4).
     *
     * @param h the hidden states (not modified)
     * @param z the pre-activations, or null when σ' is computed from h (not modified)
     * @param x the inputs, row-major (n·T)×d (not modified)
     * @param a receives a, (n·T)×m (modified)
     * @param b receives b, (n·T)×m×d (modified)
     */
    public static void sensitivities(double[] h, double[] z, double[] w, double[] x, Activation act, int n,
                                     int steps, int m, int d, double[] a, double[] b, int from, int to) {
        boolean fromValue = z == null;
        for (int j = 0; j < n; j++) {
            for (int t = 0; t < steps; t++) {
                int r = j * steps + t;
                int row = r * m;
                for (int i = from; i < to; i++) {
                    double deriv = fromValue ? act.derivativeFromValue(h[row + i]) : act.derivative(z[row + i]);
                    double hPrev = t > 0 ? h[row - m + i] : 0.0;
                    double aPrev = t > 0 ? a[row - m + i] : 0.0;
                    a[row + i] = deriv * (hPrev + w[i] * aPrev);
                    long bi = (long) (row + i) * d;
                    long bPrev = bi - (long) m * d;
                    for (int k = 0; k < d; k++) {
                        double prev = t > 0 ? b[(int) (bPrev + k)] : 0.0;
                        b[(int) (bi + k)] = deriv * (x[r * d + k] + w[i] * prev);
                    }
                }
            }
        }
    }
}

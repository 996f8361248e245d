package org.rnntk.kernels.internal;

import java.nio.FloatBuffer;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;

/**
 * The sequential part of the diagonal RNN in float32 (the twin of RecurrenceF64; keep the two in step): the elementwise recurrence, its adjoint and
 * the forward-mode sensitivities (docs/theory.md §1, §4). Everything else is a GEMM done by ND4J.
 *
 * <p>Layout: row r = j·T + t of an (n·T)×m buffer holds step t of sequence j, neuron i at
 * {@code r*m + i}. Each method works on the neuron range [from, to), so disjoint ranges can run in
 * parallel without synchronization. Plain loops over primitive arrays: no allocation, no ND4J op
 * per step (docs/benchmarks.md has the measurement behind this choice). Not API.
 */
public final class RecurrenceF32 {

    private RecurrenceF32() {
    }

    /**
     * h_t = σ(w ⊙ h_{t−1} + z_t), h_0 = 0.
     *
     * @param hz    on entry Z = X Uᵀ, on exit H (modified)
     * @param zKeep if non-null, receives the pre-activations (modified); needed when σ' cannot be
     *              computed from σ
     */
    public static void forward(float[] hz, float[] zKeep, float[] w, Activation act, int n, int steps, int m,
                               int from, int to) {
        boolean tanh = act == Activations.tanh();
        for (int j = 0; j < n; j++) {
            int row0 = j * steps * m;
            for (int i = from; i < to; i++) {
                int idx = row0 + i;
                float z = hz[idx];
                if (zKeep != null) {
                    zKeep[idx] = z;
                }
                hz[idx] = value(act, tanh, z);
            }
            for (int t = 1; t < steps; t++) {
                int row = row0 + t * m;
                int prev = row - m;
                for (int i = from; i < to; i++) {
                    float z = w[i] * hz[prev + i] + hz[row + i];
                    if (zKeep != null) {
                        zKeep[row + i] = z;
                    }
                    hz[row + i] = value(act, tanh, z);
                }
            }
        }
    }

    /**
     * As {@link RecurrenceF64#forward(java.nio.DoubleBuffer, double[], double[], double[], Activation, int, int,
     * int, double[], double[], int, int)}: Z read row segment by row segment from the GEMM output.
     *
     * @param z     Z = X Uᵀ, (n·T)×m, C order, absolute indexing (not modified, position untouched)
     * @param h     receives H for neurons [from, to) (modified)
     * @param zKeep if non-null, receives the pre-activations (modified)
     * @param carry   scratch of length m, entries [from, to) used (modified)
     * @param scratch scratch of length m, entries [from, to) used (modified)
     */
    public static void forward(FloatBuffer z, float[] h, float[] zKeep, float[] w, Activation act, int n, int steps,
                               int m, float[] carry, float[] scratch, int from, int to) {
        boolean tanh = act == Activations.tanh() && zKeep == null;
        int len = to - from;
        for (int j = 0; j < n; j++) {
            for (int i = from; i < to; i++) {
                carry[i] = 0f;
            }
            for (int t = 0; t < steps; t++) {
                int row = (j * steps + t) * m;
                z.get(row + from, scratch, from, len);
                if (tanh) {
                    for (int i = from; i < to; i++) {
                        carry[i] = (float) FastTanh.tanh(w[i] * carry[i] + scratch[i]);
                    }
                } else {
                    boolean isTanh = act == Activations.tanh();
                    for (int i = from; i < to; i++) {
                        float zi = w[i] * carry[i] + scratch[i];
                        if (zKeep != null) {
                            zKeep[row + i] = zi;
                        }
                        carry[i] = value(act, isTanh, zi);
                    }
                }
                System.arraycopy(carry, from, h, row + from, len);
            }
        }
    }

    /** σ(z) rounded to float32, with the kernels' tanh for {@link Activations#tanh()}. */
    private static float value(Activation act, boolean tanh, float z) {
        return (float) (tanh ? FastTanh.tanh(z) : act.value(z));
    }

    /**
     * F_r = (1/√m) Σ_i c_i H_{r,i} for rows [from, to), summed as Σ_{i<m/2} (c_i h_i + c_{i+m/2} h_{i+m/2}):
     * each mirrored pair of the symmetric initialization then cancels exactly, so F(Θ(0)) = 0 in
     * floating point and not only approximately (docs/theory.md §2).
     */
    public static void outputs(float[] h, float[] c, int m, double[] out, int from, int to) {
        double scale = 1.0 / Math.sqrt(m);
        int half = m / 2;
        for (int r = from; r < to; r++) {
            int base = r * m;
            double s = 0;
            for (int i = 0; i < half; i++) {
                s += (double) c[i] * h[base + i] + (double) c[i + half] * h[base + i + half];
            }
            if ((m & 1) != 0) {
                s += (double) c[m - 1] * h[base + m - 1];
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
    public static void backward(float[] h, float[] z, float[] w, float[] c, double[] e, Activation act, int n,
                                int steps, int m, double[] gradW, float[] carry, int from, int to) {
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
                float er = (float) (e[r] * scale);
                for (int i = from; i < to; i++) {
                    float deriv = (float) (fromValue ? act.derivativeFromValue(h[row + i]) : act.derivative(z[row + i]));
                    float delta = (er * c[i] + w[i] * carry[i]) * deriv;
                    if (t > 0) {
                        gradW[i] += (double) delta * h[row - m + i];
                    }
                    h[row + i] = delta;
                    carry[i] = delta;
                }
            }
        }
    }

    /**
     * As {@link RecurrenceF64#backward(java.nio.DoubleBuffer, double[], double[], double[], double[], double[],
     * Activation, int, int, int, double[], double[], int, int)}: H left intact, Δ written row segment by
     * row segment into {@code delta}.
     */
    public static void backward(FloatBuffer delta, float[] h, float[] z, float[] w, float[] c, double[] e,
                                Activation act, int n, int steps, int m, double[] gradW, float[] carry, int from,
                                int to) {
        double scale = 1.0 / Math.sqrt(m);
        boolean fromValue = z == null;
        boolean tanh = act == Activations.tanh() && fromValue;
        int len = to - from;
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
                float er = (float) (e[r] * scale);
                if (tanh) {
                    for (int i = from; i < to; i++) {
                        float hi = h[row + i];
                        carry[i] = (er * c[i] + w[i] * carry[i]) * (1f - hi * hi);
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        float deriv = (float) (fromValue ? act.derivativeFromValue(h[row + i])
                                : act.derivative(z[row + i]));
                        carry[i] = (er * c[i] + w[i] * carry[i]) * deriv;
                    }
                }
                if (t > 0) {
                    int prev = row - m;
                    for (int i = from; i < to; i++) {
                        gradW[i] += (double) carry[i] * h[prev + i];
                    }
                }
                delta.put(row + from, carry, from, len);
            }
        }
    }
}

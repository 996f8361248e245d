package org.rnntk.kernels.internal;

import java.nio.DoubleBuffer;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;

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
        boolean tanh = act == Activations.tanh();
        for (int j = 0; j < n; j++) {
            int row0 = j * steps * m;
            for (int i = from; i < to; i++) {
                int idx = row0 + i;
                double z = hz[idx];
                if (zKeep != null) {
                    zKeep[idx] = z;
                }
                hz[idx] = value(act, tanh, z);
            }
            for (int t = 1; t < steps; t++) {
                int row = row0 + t * m;
                int prev = row - m;
                for (int i = from; i < to; i++) {
                    double z = w[i] * hz[prev + i] + hz[row + i];
                    if (zKeep != null) {
                        zKeep[row + i] = z;
                    }
                    hz[row + i] = value(act, tanh, z);
                }
            }
        }
    }

    /**
     * h_t = σ(w ⊙ h_{t−1} + z_t), h_0 = 0, reading Z straight from the (off-heap) GEMM output: each
     * row segment [from, to) is bulk-copied into {@code scratch} just before it is used, so the copy
     * costs no extra pass over memory and runs on every thread. The state lives in {@code carry} and
     * each finished row is copied into {@code h}: with every array indexed by the same i, C2
     * vectorizes the tanh loop ({@link FastTanh}); reading and writing {@code h} at a row offset in
     * the same loop defeats its alias analysis (measured 9 vs 1.7 ns per cell, docs/benchmarks.md).
     *
     * @param z       Z = X Uᵀ, (n·T)×m, C order, absolute indexing (not modified, position untouched)
     * @param h       receives H for neurons [from, to) (modified)
     * @param zKeep   if non-null, receives the pre-activations (modified)
     * @param carry   scratch of length m, entries [from, to) used (modified)
     * @param scratch scratch of length m, entries [from, to) used (modified)
     */
    public static void forward(DoubleBuffer z, double[] h, double[] zKeep, double[] w, Activation act, int n,
                               int steps, int m, double[] carry, double[] scratch, int from, int to) {
        boolean tanh = act == Activations.tanh() && zKeep == null;
        int len = to - from;
        for (int j = 0; j < n; j++) {
            for (int i = from; i < to; i++) {
                carry[i] = 0.0;
            }
            for (int t = 0; t < steps; t++) {
                int row = (j * steps + t) * m;
                z.get(row + from, scratch, from, len);
                if (tanh) {
                    tanhStep(scratch, w, carry, from, to);
                } else {
                    genericStep(scratch, zKeep, w, act, carry, row, from, to);
                }
                System.arraycopy(carry, from, h, row + from, len);
            }
        }
    }

    /** carry ← tanh(w ⊙ carry + z). */
    private static void tanhStep(double[] z, double[] w, double[] carry, int from, int to) {
        for (int i = from; i < to; i++) {
            carry[i] = FastTanh.tanh(w[i] * carry[i] + z[i]);
        }
    }

    private static void genericStep(double[] z, double[] zKeep, double[] w, Activation act, double[] carry, int row,
                                    int from, int to) {
        boolean tanh = act == Activations.tanh();
        for (int i = from; i < to; i++) {
            double zi = w[i] * carry[i] + z[i];
            if (zKeep != null) {
                zKeep[row + i] = zi;
            }
            carry[i] = value(act, tanh, zi);
        }
    }

    /** σ(z) with the kernels' tanh for {@link Activations#tanh()} (≤ 4 ulp, see {@link FastTanh}). */
    private static double value(Activation act, boolean tanh, double z) {
        return tanh ? FastTanh.tanh(z) : act.value(z);
    }

    /**
     * F_r = (1/√m) Σ_i c_i H_{r,i} for rows [from, to), summed as Σ_{i<m/2} (c_i h_i + c_{i+m/2} h_{i+m/2}):
     * each mirrored pair of the symmetric initialization then cancels exactly, so F(Θ(0)) = 0 in
     * floating point and not only approximately (docs/theory.md §2).
     */
    public static void outputs(double[] h, double[] c, int m, double[] out, int from, int to) {
        double scale = 1.0 / Math.sqrt(m);
        int half = m / 2;
        int blocked = half & ~3;
        for (int r = from; r < to; r++) {
            int base = r * m;
            int mirror = base + half;
            // Four independent partial sums (fixed pattern, so still the same bits for any thread
            // count): a single accumulator is bound by the add latency.
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int i = 0; i < blocked; i += 4) {
                s0 += c[i] * h[base + i] + c[i + half] * h[mirror + i];
                s1 += c[i + 1] * h[base + i + 1] + c[i + 1 + half] * h[mirror + i + 1];
                s2 += c[i + 2] * h[base + i + 2] + c[i + 2 + half] * h[mirror + i + 2];
                s3 += c[i + 3] * h[base + i + 3] + c[i + 3 + half] * h[mirror + i + 3];
            }
            double s = (s0 + s1) + (s2 + s3);
            for (int i = blocked; i < half; i++) {
                s += c[i] * h[base + i] + c[i + half] * h[mirror + i];
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
     * Backprop through time as {@link #backward(double[], double[], double[], double[], double[], Activation,
     * int, int, int, double[], double[], int, int)}, but leaving H intact and writing each row
     * segment of Δ straight into the (off-heap) buffer the U-gradient GEMM reads, so Δ never makes
     * an extra pass through memory.
     *
     * @param delta receives Δ, (n·T)×m, C order, absolute indexing, columns [from, to) (modified)
     * @param h     H from {@link #forward} (not modified)
     * @param z     the pre-activations, or null when σ' is computed from h (not modified)
     * @param e     ∂R̂/∂F for every row, length n·T (not modified)
     * @param gradW receives ∂R̂/∂w_i for i in [from, to) (modified)
     * @param carry scratch of length m, entries [from, to) used (modified)
     */
    public static void backward(DoubleBuffer delta, double[] h, double[] z, double[] w, double[] c, double[] e,
                                Activation act, int n, int steps, int m, double[] gradW, double[] carry, int from,
                                int to) {
        double scale = 1.0 / Math.sqrt(m);
        boolean tanh = act == Activations.tanh() && z == null;
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
                double er = e[r] * scale;
                if (tanh && t > 0) {
                    tanhAdjointStep(h, w, c, er, carry, gradW, row, row - m, from, to);
                } else {
                    genericAdjointStep(h, z, w, c, er, act, carry, row, from, to);
                    if (t > 0) {
                        accumulate(gradW, carry, h, row - m, from, to);
                    }
                }
                delta.put(row + from, carry, from, len);
            }
        }
    }

    /** carry ← (er c + w ⊙ carry) ⊙ (1 − h_t²) and gradW += carry ⊙ h_{t−1}, in one pass. */
    private static void tanhAdjointStep(double[] h, double[] w, double[] c, double er, double[] carry, double[] gradW,
                                        int row, int prev, int from, int to) {
        for (int i = from; i < to; i++) {
            double hi = h[row + i];
            double d = (er * c[i] + w[i] * carry[i]) * (1.0 - hi * hi);
            carry[i] = d;
            gradW[i] += d * h[prev + i];
        }
    }

    private static void genericAdjointStep(double[] h, double[] z, double[] w, double[] c, double er, Activation act,
                                           double[] carry, int row, int from, int to) {
        boolean fromValue = z == null;
        for (int i = from; i < to; i++) {
            double deriv = fromValue ? act.derivativeFromValue(h[row + i]) : act.derivative(z[row + i]);
            carry[i] = (er * c[i] + w[i] * carry[i]) * deriv;
        }
    }

    /** gradW += δ ⊙ h_{t−1}. */
    private static void accumulate(double[] gradW, double[] delta, double[] h, int prevRow, int from, int to) {
        for (int i = from; i < to; i++) {
            gradW[i] += delta[i] * h[prevRow + i];
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
                int xr = r * d;
                for (int i = from; i < to; i++) {
                    double deriv = fromValue ? act.derivativeFromValue(h[row + i]) : act.derivative(z[row + i]);
                    int bi = (row + i) * d;
                    if (t == 0) {
                        a[row + i] = 0.0;
                        for (int k = 0; k < d; k++) {
                            b[bi + k] = deriv * x[xr + k];
                        }
                    } else {
                        double wi = w[i];
                        a[row + i] = deriv * (h[row - m + i] + wi * a[row - m + i]);
                        int bPrev = bi - m * d;
                        for (int k = 0; k < d; k++) {
                            b[bi + k] = deriv * (x[xr + k] + wi * b[bPrev + k]);
                        }
                    }
                }
            }
        }
    }
}

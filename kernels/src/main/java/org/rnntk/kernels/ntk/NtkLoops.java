package org.rnntk.kernels.ntk;

import java.nio.DoubleBuffer;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.kernels.internal.FastTanh;

/**
 * The sequential, per-neuron loops of the NTK (docs/theory.md §4–§5). Layout as in
 * {@code RecurrenceF64}: row r = j·T + t of an (s·T)×m buffer, neuron i at {@code r*m + i}, for the
 * s sequences of a block. Every method works on the neuron range [from, to), so disjoint ranges run
 * in parallel without synchronization. Plain loops, no allocation, no ND4J op.
 */
final class NtkLoops {

    private NtkLoops() {
    }

    /**
     * h_t = σ(w ⊙ h_{t−1} + z_t) and D_t = σ'(z_t).
     *
     * @param hz    on entry Z = X Uᵀ for the block, on exit H (modified)
     * @param deriv receives D (modified)
     */
    static void forward(double[] hz, double[] deriv, double[] w, Activation act, int seqs, int steps, int m,
                        int from, int to) {
        boolean fromValue = act.hasDerivativeFromValue();
        for (int j = 0; j < seqs; j++) {
            for (int t = 0; t < steps; t++) {
                int row = (j * steps + t) * m;
                for (int i = from; i < to; i++) {
                    double z = hz[row + i];
                    if (t > 0) {
                        z += w[i] * hz[row - m + i];
                    }
                    double h = act.value(z);
                    hz[row + i] = h;
                    deriv[row + i] = fromValue ? act.derivativeFromValue(h) : act.derivative(z);
                }
            }
        }
    }

    /**
     * The last-step coefficients, scaled by s_i = c_i/√m:
     * <pre>
     *   Γ[j, k, i] = s_i γ_{T,k}^i = s_i σ'(z_k^i) Π_{l=k+1..T} w_i σ'(z_l^i)
     *   Jw[j, i]   = ∂F_T(X_j)/∂w_i = Σ_{k ≥ 2} Γ[j, k, i] h_{k−1}^i
     * </pre>
     * so that ∇_{u_i}F_T(X_j) = Σ_k Γ[j, k, i] x_{j,k}, one batched GEMM Γᵀ X.
     *
     * @param h     H of the block (not modified)
     * @param deriv D of the block (not modified)
     * @param scale s_i = c_i/√m (not modified)
     * @param gamma receives Γ, (s·T)×m (modified)
     * @param jw    receives Jw, s×m (modified)
     * @param carry scratch of length m, entries [from, to) used (modified)
     */
    static void lastStepCoefficients(double[] h, double[] deriv, double[] w, double[] scale, int seqs, int steps,
                                     int m, double[] gamma, double[] jw, double[] carry, int from, int to) {
        for (int j = 0; j < seqs; j++) {
            int out = j * m;
            for (int i = from; i < to; i++) {
                carry[i] = scale[i];
                jw[out + i] = 0;
            }
            for (int t = steps - 1; t >= 0; t--) {
                int row = (j * steps + t) * m;
                for (int i = from; i < to; i++) {
                    double dz = deriv[row + i];
                    double g = dz * carry[i];
                    gamma[row + i] = g;
                    if (t > 0) {
                        jw[out + i] += g * h[row - m + i];
                    }
                    carry[i] *= w[i] * dz;
                }
            }
        }
    }

    /**
     * The last-step Jacobian of s sequences in one pass per sequence and neuron block: the forward
     * states h_t (kept only for the current sequence, in {@code hLocal}), then the backward recursion
     * of {@link #lastStepCoefficients} while they are still in cache. Z is read from the off-heap GEMM
     * output row segment by row segment and Γ written back over it (row t of Z is consumed before row
     * t of Γ is written), ∂F_T/∂w_i is written straight into the first m columns of the Jacobian row.
     * For {@link Activations#tanh()} the loops use {@link FastTanh} and σ' = 1 − h², in the
     * carry/scratch shape C2 vectorizes (as {@code RecurrenceF64}); other activations take a generic
     * loop that keeps σ'(z) in {@code dLocal}.
     *
     * @param zg     on entry Z = X Uᵀ, (s·T)×m, absolute indexing; on exit Γ (modified)
     * @param jac    the Jacobian rows, row j at {@code jac0 + j·rowLength}: columns [0, m) receive
     *               ∂F_T/∂w (modified, columns [from, to) only)
     * @param hLocal scratch of length T·m, columns [from, to) used (modified)
     * @param dLocal scratch of length T·m for non-tanh activations, else unused (modified)
     * @param carry  scratch of length m (modified)
     * @param row    scratch of length m (modified)
     * @param acc    scratch of length m (modified)
     */
    static void lastStepJacobian(DoubleBuffer zg, DoubleBuffer jac, long jac0, long rowLength, double[] w,
                                 double[] scale, Activation act, int seqs, int steps, int m, double[] hLocal,
                                 double[] dLocal, double[] carry, double[] row, double[] acc, int from, int to) {
        boolean tanh = act == Activations.tanh();
        boolean fromValue = act.hasDerivativeFromValue();
        int len = to - from;
        for (int j = 0; j < seqs; j++) {
            int base = j * steps * m;
            for (int i = from; i < to; i++) {
                carry[i] = 0.0;
            }
            for (int t = 0; t < steps; t++) {
                zg.get(base + t * m + from, row, from, len);
                if (tanh) {
                    for (int i = from; i < to; i++) {
                        carry[i] = FastTanh.tanh(w[i] * carry[i] + row[i]);
                    }
                } else {
                    int o = t * m;
                    for (int i = from; i < to; i++) {
                        double z = w[i] * carry[i] + row[i];
                        double h = act.value(z);
                        carry[i] = h;
                        dLocal[o + i] = fromValue ? act.derivativeFromValue(h) : act.derivative(z);
                    }
                }
                System.arraycopy(carry, from, hLocal, t * m + from, len);
            }
            for (int i = from; i < to; i++) {
                carry[i] = scale[i];
                acc[i] = 0.0;
            }
            for (int t = steps - 1; t >= 0; t--) {
                int o = t * m;
                if (tanh) {
                    if (t > 0) {
                        tanhGammaStep(hLocal, w, carry, row, acc, o, o - m, from, to);
                    } else {
                        for (int i = from; i < to; i++) {
                            double h = hLocal[o + i];
                            row[i] = (1.0 - h * h) * carry[i];
                        }
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        double dz = dLocal[o + i];
                        double g = dz * carry[i];
                        row[i] = g;
                        if (t > 0) {
                            acc[i] += g * hLocal[o - m + i];
                        }
                        carry[i] *= w[i] * dz;
                    }
                }
                zg.put(base + o + from, row, from, len);
            }
            jac.put((int) (jac0 + j * rowLength + from), acc, from, len);
        }
    }

    /** g = (1 − h_t²) carry, Γ row ← g, acc += g h_{t−1}, carry ← carry w (1 − h_t²). */
    private static void tanhGammaStep(double[] h, double[] w, double[] carry, double[] row, double[] acc, int cur,
                                      int prev, int from, int to) {
        for (int i = from; i < to; i++) {
            double hi = h[cur + i];
            double dz = 1.0 - hi * hi;
            double c = carry[i];
            double g = dz * c;
            row[i] = g;
            acc[i] += g * h[prev + i];
            carry[i] = c * w[i] * dz;
        }
    }

    /**
     * Jacobian rows of every step, from the forward-mode sensitivities scaled by s_i = c_i/√m:
     * ∂F_t/∂w_i = s_i a_t^i and ∇_{u_i}F_t = s_i b_t^i, with a_t = D_t (h_{t−1} + w a_{t−1}),
     * b_t = D_t (x_t + w b_{t−1}). The block's local rows are r = j·T + t over its s sequences; only
     * rows in [lo, hi) are stored, at output row r − lo.
     *
     * @param x      the inputs of the whole data set, row-major (n·T)×d (not modified)
     * @param xRow0  the data set row of the block's first step (first sequence × T)
     * @param jw     receives ∂F/∂w rows, (hi − lo)×m (modified)
     * @param ju     receives ∂F/∂U rows, (hi − lo)×(m·d) (modified)
     * @param aCarry scratch, length m (modified)
     * @param bCarry scratch, length m·d (modified)
     */
    static void allStepsRows(double[] h, double[] deriv, double[] w, double[] scale, double[] x, int xRow0,
                             int seqs, int steps, int m, int d, int lo, int hi, double[] jw, double[] ju,
                             double[] aCarry, double[] bCarry, int from, int to) {
        int md = m * d;
        for (int j = 0; j < seqs; j++) {
            int lastStep = Math.min(steps - 1, hi - 1 - j * steps);
            if (lastStep < 0) {
                break;
            }
            for (int i = from; i < to; i++) {
                aCarry[i] = 0;
                for (int k = 0; k < d; k++) {
                    bCarry[i * d + k] = 0;
                }
            }
            for (int t = 0; t <= lastStep; t++) {
                int local = j * steps + t;
                int row = local * m;
                int out = local - lo;
                boolean store = out >= 0;
                int xr = (xRow0 + local) * d;
                for (int i = from; i < to; i++) {
                    double dz = deriv[row + i];
                    double hPrev = t > 0 ? h[row - m + i] : 0.0;
                    double wi = w[i];
                    double a = dz * (hPrev + wi * aCarry[i]);
                    aCarry[i] = a;
                    int bi = i * d;
                    if (store) {
                        double s = scale[i];
                        jw[out * m + i] = s * a;
                        int o = out * md + bi;
                        for (int k = 0; k < d; k++) {
                            double b = dz * (x[xr + k] + wi * bCarry[bi + k]);
                            bCarry[bi + k] = b;
                            ju[o + k] = s * b;
                        }
                    } else {
                        for (int k = 0; k < d; k++) {
                            bCarry[bi + k] = dz * (x[xr + k] + wi * bCarry[bi + k]);
                        }
                    }
                }
            }
        }
    }

    /**
     * The directional derivative (Jacobian-vector product) of the hidden states at Θ0 along
     * (Δw, ΔU): dh_t = D_t (Δw ⊙ h_{t−1} + w ⊙ dh_{t−1} + ΔU x_t), dh_0 = 0.
     *
     * @param h     H at Θ0 (not modified)
     * @param deriv D at Θ0 (not modified)
     * @param dhz   on entry X ΔUᵀ, on exit dh (modified)
     */
    static void tangent(double[] h, double[] deriv, double[] w, double[] dw, double[] dhz, int seqs, int steps,
                        int m, int from, int to) {
        for (int j = 0; j < seqs; j++) {
            for (int t = 0; t < steps; t++) {
                int row = (j * steps + t) * m;
                for (int i = from; i < to; i++) {
                    double dz = dhz[row + i];
                    if (t > 0) {
                        dz += dw[i] * h[row - m + i] + w[i] * dhz[row - m + i];
                    }
                    dhz[row + i] = deriv[row + i] * dz;
                }
            }
        }
    }

    /** F_r = (1/√m) Σ_i c_i v_{r,i} for rows [from, to). */
    static void readout(double[] v, double[] c, int m, double[] out, int from, int to) {
        double scale = 1.0 / Math.sqrt(m);
        for (int r = from; r < to; r++) {
            int base = r * m;
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += c[i] * v[base + i];
            }
            out[r] = s * scale;
        }
    }
}

package org.rnntk.kernels.internal;

import java.nio.DoubleBuffer;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;

/**
 * The sequential part of the diagonal RNN in float64, one tile at a time: the elementwise
 * recurrence with the output sums fused in, its adjoint, and the forward-mode sensitivities
 * (docs/theory.md §1, §4). Everything else is a GEMM ({@link Blas}).
 *
 * <p>Tiles ({@link Tiling}): a tile buffer holds rows [r0, r1) of one neuron block, {@code cols}
 * wide, row-major; H is stored block by block, row r of a block at {@code hBase + r·cols}. The
 * carry of the recurrence persists across the tiles of a block (rows are consecutive), and is
 * reset at each sequence's first (forward) or last (backward) step. Every loop runs over scratch
 * arrays indexed by the same k, the shape C2 vectorizes: reading and writing one array at two
 * offsets in the same loop defeats its alias analysis (measured 9 vs 1.7 ns per cell,
 * docs/benchmarks.md). Plain loops over primitive arrays: no allocation, no ND4J op per step. Not API.
 *
 * <p>{@link RecurrenceF32} is the float32 twin of this class; keep the two in step.
 */
public final class RecurrenceF64 {

    private RecurrenceF64() {
    }

    /**
     * h_t = σ(w ⊙ h_{t−1} + z_t) (h_0 = 0) for rows [r0, r1) of one block, and each row's output
     * partial Σ_k c_k h_k over the block, mirrored pairs added first (so that it is exactly 0 at the
     * symmetric initialization, docs/theory.md §2).
     *
     * @param tile    Z of the tile, (r1−r0)×cols row-major, absolute indexing (not modified)
     * @param h       receives H rows [r0, r1) of the block at {@code hBase} (modified)
     * @param zKeep   if non-null, receives the pre-activations in H's layout (modified)
     * @param w       the block's w, in its column order (not modified)
     * @param c       the block's c, in its column order (not modified)
     * @param pairs   mirrored pairs in the block: columns k and k + pairs are the pair
     * @param carry   h_{t−1} of the block on entry, h at row r1 − 1 on exit (modified)
     * @param row     scratch of length cols (modified)
     * @param pairScratch scratch of length cols (modified)
     * @param partial receives the row partials at {@code pBase + r} (modified)
     */
    public static void forwardTile(DoubleBuffer tile, double[] h, double[] zKeep, int hBase, double[] w, double[] c,
                                   int cols, int pairs, Activation act, int steps, int r0, int r1,
                                   double[] carry, double[] row, double[] pairScratch, double[] partial,
                                   int pBase) {
        boolean tanh = act == Activations.tanh() && zKeep == null;
        int t = r0 % steps;
        for (int r = r0; r < r1; r++) {
            if (t == 0) {
                java.util.Arrays.fill(carry, 0, cols, 0.0);
            }
            tile.get((r - r0) * cols, row, 0, cols);
            if (tanh) {
                for (int k = 0; k < cols; k++) {
                    carry[k] = FastTanh.tanh(w[k] * carry[k] + row[k]);
                }
            } else {
                for (int k = 0; k < cols; k++) {
                    row[k] = w[k] * carry[k] + row[k];
                }
                boolean isTanh = act == Activations.tanh();
                for (int k = 0; k < cols; k++) {
                    carry[k] = isTanh ? FastTanh.tanh(row[k]) : act.value(row[k]);
                }
                if (zKeep != null) {
                    System.arraycopy(row, 0, zKeep, hBase + r * cols, cols);
                }
            }
            System.arraycopy(carry, 0, h, hBase + r * cols, cols);
            partial[pBase + r] = pairSum(c, carry, cols, pairs, pairScratch);
            if (++t == steps) {
                t = 0;
            }
        }
    }

    /**
     * Σ_k c_k h_k over one block row, as Σ_{k<pairs} (c_k h_k + c_{k+pairs} h_{k+pairs}) plus a lone
     * last column: the pair terms in one vectorizable loop (each exactly 0 at the symmetric
     * initialization), then their sum in eight independent partial sums (one accumulator is bound
     * by the add latency) in a fixed pattern, so the bits do not depend on the thread count.
     */
    static double pairSum(double[] c, double[] h, int cols, int pairs, double[] scratch) {
        for (int k = 0; k < pairs; k++) {
            scratch[k] = c[k] * h[k] + c[pairs + k] * h[pairs + k];
        }
        return sumPairs(scratch, c, h, cols, pairs);
    }

    /** Σ scratch[k] over k < pairs in eight fixed partial sums, plus the lone last column if any. */
    static double sumPairs(double[] scratch, double[] c, double[] h, int cols, int pairs) {
        int blocked = pairs & ~7;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        for (int k = 0; k < blocked; k += 8) {
            s0 += scratch[k];
            s1 += scratch[k + 1];
            s2 += scratch[k + 2];
            s3 += scratch[k + 3];
            s4 += scratch[k + 4];
            s5 += scratch[k + 5];
            s6 += scratch[k + 6];
            s7 += scratch[k + 7];
        }
        double s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (int k = blocked; k < pairs; k++) {
            s += scratch[k];
        }
        for (int k = 2 * pairs; k < cols; k++) {
            s += c[k] * h[k];
        }
        return s;
    }

    /**
     * Backprop through time (docs/theory.md §4) over rows [r0, r1) of one block, last row first, with
     * the adjoint carried as δ_{t+1}:
     * <pre>
     *   g_t = e_t c_i/√m + w_i δ_{t+1},   δ_t = g_t σ'(z_t),   ∂R̂/∂w_i += δ_t h_{t−1}
     * </pre>
     *
     * @param tile  receives Δ of the tile, (r1−r0)×cols row-major (modified)
     * @param h     H in the tiled layout (not modified)
     * @param z     the pre-activations in the same layout, or null when σ' is computed from h
     * @param e     ∂R̂/∂F for every row (not modified)
     * @param scale 1/√m
     * @param carry δ_{r1} of the block on entry, δ_{r0} on exit (modified)
     * @param cur   scratch of length cols (modified)
     * @param prev  scratch of length cols (modified)
     * @param gradW the block's ∂R̂/∂w, accumulated (modified)
     */
    public static void backwardTile(DoubleBuffer tile, double[] h, double[] z, int hBase, double[] w, double[] c,
                                    int cols, double[] e, double scale, Activation act, int steps, int r0,
                                    int r1, double[] carry, double[] cur, double[] prev, double[] gradW) {
        boolean fromValue = z == null;
        boolean tanh = act == Activations.tanh() && fromValue;
        int t = (r1 - 1) % steps;
        for (int r = r1 - 1; r >= r0; r--) {
            if (t == steps - 1) {
                java.util.Arrays.fill(carry, 0, cols, 0.0);
            }
            int hRow = hBase + r * cols;
            double er = e[r] * scale;
            System.arraycopy(h, hRow, cur, 0, cols);
            if (tanh) {
                for (int k = 0; k < cols; k++) {
                    double hk = cur[k];
                    carry[k] = (er * c[k] + w[k] * carry[k]) * (1.0 - hk * hk);
                }
            } else {
                if (!fromValue) {
                    System.arraycopy(z, hRow, cur, 0, cols);
                }
                for (int k = 0; k < cols; k++) {
                    double deriv = fromValue ? act.derivativeFromValue(cur[k]) : act.derivative(cur[k]);
                    carry[k] = (er * c[k] + w[k] * carry[k]) * deriv;
                }
            }
            if (t > 0) {
                System.arraycopy(h, hRow - cols, prev, 0, cols);
                for (int k = 0; k < cols; k++) {
                    gradW[k] += carry[k] * prev[k];
                }
            }
            tile.put((r - r0) * cols, carry, 0, cols);
            if (--t < 0) {
                t = steps - 1;
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

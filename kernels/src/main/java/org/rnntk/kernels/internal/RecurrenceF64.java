package org.rnntk.kernels.internal;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;

/**
 * The sequential part of the diagonal RNN in float64, one tile at a time: the elementwise
 * recurrence with the output sums fused in, its adjoint, and the forward-mode sensitivities
 * (docs/theory.md §1, §4). Everything else is a GEMM ({@link Blas}).
 *
 * <p>Tiles ({@link Tiling}): a tile buffer holds rows [r0, r1) of one neuron block, {@code cols}
 * wide, row-major; H is kept as one array per row of a block ({@link Workspace.Lane#h64}), so that
 * the recurrence writes h_t and reads h_{t−1} as two arrays indexed by the same k, the loop shape C2
 * vectorizes: reading and writing one array at two offsets in the same loop defeats its alias
 * analysis (docs/design/tiles.md). Rows are consecutive within a
 * chunk, so h_{t−1} is always the previous row; the adjoint's carry persists across the tiles of a
 * block and is reset at each sequence's last step. Plain loops over primitive arrays: no
 * allocation, no ND4J op per step. Not API.
 *
 * <p>With tanh, when {@link VectorKernels#enabled()}, each row runs in {@link VectorRecurrenceF64}
 * instead: the same bits in one pass, without the copies these loops need.
 *
 * <p>{@link RecurrenceF32} is the float32 twin of this class; keep the two in step.
 */
public final class RecurrenceF64 {

    /** Constant for C2: the rows take the Vector API path when the JVM allows it (VectorKernels). */
    private static final boolean VECTOR = VectorKernels.enabled();
    /** Constant for C2: the Vector API forward reads z from the tile itself (JDK 17–19, VectorKernels). */
    private static final boolean ZERO_COPY = VectorKernels.zeroCopy();

    private RecurrenceF64() {
    }

    /**
     * One lane's copies of a block's parameters and its scratch rows: every hot loop indexes all its
     * arrays by the same k, the shape C2 vectorizes (reading or writing one array at two offsets
     * defeats its alias analysis).
     */
    public static final class Scratch {
        final double[] w;
        final double[] c;
        final double[] carry;
        /** h_0 = 0: the previous row of every sequence's first step (never written). */
        final double[] zeros;
        /** c of the block's second half (the mirror partners), at the index of their first-half partner. */
        final double[] cHi;
        /** The second half of a row of H, at the index of the first-half partner. */
        final double[] hi;
        /** c_k h_k + c_{k+pairs} h_{k+pairs} of one row, in float64. */
        final double[] terms;
        /**
         * δ_t of the first of two adjoint rows done in one pass, where the Vector API cannot store into
         * the tile (JDK 20–21, VectorRecurrenceF64.adjointTwoRows).
         */
        final double[] delta;
        /** ∂R̂/∂w of the block, accumulated (in float64) by {@link #backwardTile}. */
        public final double[] gradW;
        int cols;
        int pairs;

        public Scratch(int maxCols) {
            w = new double[maxCols];
            c = new double[maxCols];
            carry = new double[maxCols];
            zeros = new double[maxCols];
            cHi = new double[maxCols];
            hi = new double[maxCols];
            terms = new double[maxCols];
            delta = new double[maxCols];
            gradW = new double[maxCols];
        }

        /** Loads the block at permuted columns [cs, cs + cols) with {@code pairs} mirrored pairs. */
        public void load(double[] wPerm, double[] cPerm, int cs, int cols, int pairs) {
            this.cols = cols;
            this.pairs = pairs;
            System.arraycopy(wPerm, cs, w, 0, cols);
            System.arraycopy(cPerm, cs, c, 0, cols);
            System.arraycopy(cPerm, cs + pairs, cHi, 0, pairs);
        }
    }

    /**
     * h_t = σ(w ⊙ h_{t−1} + z_t) (h_0 = 0) for rows [r0, r1) of the loaded block, and each row's
     * output partial Σ_k c_k h_k over the block, mirrored pairs added first (so that it is exactly 0
     * at the symmetric initialization, docs/theory.md §2). h_{t−1} is the previous row of {@code h}
     * (written by this call or, across tiles of a block, by the previous one), or 0 at each
     * sequence's first step.
     *
     * @param tile    Z of the tile, (r1−r0)×cols row-major, absolute indexing (not modified)
     * @param tileDirect the same memory for the Vector API rows ({@link VectorRecurrenceF64#direct}), or null
     * @param h       receives H: row r of the block in {@code h[rowBase + r]} (modified)
     * @param zKeep   if non-null, receives the pre-activations in H's layout (modified)
     * @param partial receives the row partials at {@code pBase + r} (modified)
     */
    public static void forwardTile(DoubleBuffer tile, DirectTile tileDirect, double[][] h, double[][] zKeep,
                                   int rowBase, Activation act, int steps, int r0, int r1, double[] partial,
                                   int pBase, Scratch s) {
        forwardTile(tile, ZERO_COPY ? tileDirect : null, h, zKeep, rowBase, act, steps, r0, r1, partial, pBase, s,
                VECTOR);
    }

    /**
     * {@link #forwardTile}, the Vector API path chosen by the caller (tests compare them); with
     * {@code tileDirect} null the Vector API rows copy z out of the tile first.
     */
    public static void forwardTile(DoubleBuffer tile, DirectTile tileDirect, double[][] h, double[][] zKeep,
                                   int rowBase, Activation act, int steps, int r0, int r1, double[] partial,
                                   int pBase, Scratch s, boolean vector) {
        boolean tanh = act == Activations.tanh() && zKeep == null;
        int cols = s.cols;
        int t = r0 % steps;
        for (int r = r0; r < r1; r++) {
            double[] prev = t == 0 ? s.zeros : h[rowBase + r - 1];
            double[] out = h[rowBase + r];
            if (tanh && vector) {
                if (tileDirect != null) {
                    partial[pBase + r] = VectorRecurrenceF64.forwardRow(tileDirect, 8 * (r - r0) * cols, s.w, s.c,
                            prev, out, cols, s.pairs);
                } else {
                    tile.get((r - r0) * cols, out, 0, cols);
                    partial[pBase + r] = VectorRecurrenceF64.forwardRowInPlace(s.w, s.c, prev, out, cols, s.pairs);
                }
                if (++t == steps) {
                    t = 0;
                }
                continue;
            }
            tile.get((r - r0) * cols, out, 0, cols);
            if (tanh) {
                tanhStep(s.w, prev, out, cols);
            } else {
                preActivation(s.w, prev, out, cols);
                if (zKeep != null) {
                    System.arraycopy(out, 0, zKeep[rowBase + r], 0, cols);
                }
                activate(act, out, cols);
            }
            partial[pBase + r] = pairSum(s, out);
            if (++t == steps) {
                t = 0;
            }
        }
    }

    /**
     * h ← tanh(w ⊙ prev + h), Z having been copied into the row of H: its own method, so that C2
     * compiles it as one tight vector loop. Three arrays, all indexed by k: C2 in JDK 17 vectorizes
     * this loop but not the four-array form h ← tanh(w ⊙ prev + z) unless the trip count is a
     * constant (docs/design/tiles.md).
     */
    private static void tanhStep(double[] w, double[] prev, double[] h, int len) {
        for (int k = 0; k < len; k++) {
            h[k] = FastTanh.tanh(w[k] * prev[k] + h[k]);
        }
    }

    /** h ← w ⊙ prev + h: Z into the pre-activation, in place. */
    private static void preActivation(double[] w, double[] prev, double[] h, int len) {
        for (int k = 0; k < len; k++) {
            h[k] = w[k] * prev[k] + h[k];
        }
    }

    /** h ← σ(h), in place. */
    private static void activate(Activation act, double[] h, int len) {
        boolean isTanh = act == Activations.tanh();
        for (int k = 0; k < len; k++) {
            h[k] = isTanh ? FastTanh.tanh(h[k]) : act.value(h[k]);
        }
    }

    /**
     * Σ_k c_k h_k over one block row, mirrored pairs first: each pair's c_k h_k + c_{k+pairs} h_{k+pairs}
     * (exactly 0 at the symmetric initialization) in one vectorizable loop over the two halves
     * (the second half copied out first: C2 in JDK 17 does not vectorize a loop that reads one array
     * at two offsets either; docs/design/tiles.md), then
     * their sum in eight independent partial sums (one accumulator is bound by the add latency) in a
     * fixed pattern, so the bits do not depend on the thread count; then a lone last column, if any.
     * Products and sums are rounded one by one (Java never contracts them into an FMA).
     */
    static double pairSum(Scratch s, double[] h) {
        int pairs = s.pairs;
        double[] c = s.c;
        double[] cHi = s.cHi;
        double[] hi = s.hi;
        double[] terms = s.terms;
        System.arraycopy(h, pairs, hi, 0, pairs);
        for (int k = 0; k < pairs; k++) {
            terms[k] = c[k] * h[k] + cHi[k] * hi[k];
        }
        double sum = eightWaySum(terms, pairs);
        for (int k = 2 * pairs; k < s.cols; k++) {
            sum += c[k] * h[k];
        }
        return sum;
    }

    /**
     * Σ t[0..len) in eight independent partial sums (one accumulator is bound by the add latency),
     * combined in a fixed pattern, then the tail: the same bits whatever the thread count.
     */
    public static double eightWaySum(double[] t, int len) {
        int blocked = len & ~7;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        for (int k = 0; k < blocked; k += 8) {
            s0 += t[k];
            s1 += t[k + 1];
            s2 += t[k + 2];
            s3 += t[k + 3];
            s4 += t[k + 4];
            s5 += t[k + 5];
            s6 += t[k + 6];
            s7 += t[k + 7];
        }
        double sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (int k = blocked; k < len; k++) {
            sum += t[k];
        }
        return sum;
    }

    /**
     * Backprop through time (docs/theory.md §4) over rows [r0, r1) of the loaded block, last row
     * first, with the adjoint carried as δ_{t+1}:
     * <pre>
     *   g_t = e_t c_i/√m + w_i δ_{t+1},   δ_t = g_t σ'(z_t),   ∂R̂/∂w_i += δ_t h_{t−1}
     * </pre>
     * The carry persists in {@code s} from one tile to the previous one and is reset at each
     * sequence's last step; ∂R̂/∂w accumulates in {@code s.gradW}.
     *
     * @param tile  receives Δ of the tile, (r1−r0)×cols row-major (modified)
     * @param h     H as {@link #forwardTile} leaves it: row r in {@code h[rowBase + r]} (not modified)
     * @param z     the pre-activations in the same layout, or null when σ' is computed from h
     * @param e     ∂R̂/∂F for every row (not modified)
     * @param scale 1/√m
     */
    public static void backwardTile(DoubleBuffer tile, DirectTile tileDirect, double[][] h, double[][] z,
                                    int rowBase, double[] e, double scale, Activation act, int steps, int r0, int r1,
                                    Scratch s) {
        backwardTile(tile, ZERO_COPY ? tileDirect : null, h, z, rowBase, e, scale, act, steps, r0, r1, s, VECTOR);
    }

    /**
     * {@link #backwardTile}, the Vector API path chosen by the caller (tests compare the two); with
     * {@code tileDirect} null the Vector API rows copy δ into the tile afterwards.
     */
    public static void backwardTile(DoubleBuffer tile, DirectTile tileDirect, double[][] h, double[][] z,
                                    int rowBase, double[] e, double scale, Activation act, int steps, int r0, int r1,
                                    Scratch s, boolean vector) {
        boolean fromValue = z == null;
        boolean tanh = act == Activations.tanh() && fromValue;
        int cols = s.cols;
        int t = (r1 - 1) % steps;
        for (int r = r1 - 1; r >= r0; r--) {
            if (t == steps - 1) {
                java.util.Arrays.fill(s.carry, 0, cols, 0.0);
            }
            double er = e[r] * scale;
            double[] cur = h[rowBase + r];
            if (tanh && vector && t > 0 && r > r0) {
                // Rows r and r − 1: one sequence (t − 1 ≥ 0) and one tile.
                int b1 = 8 * (r - r0) * cols;
                VectorRecurrenceF64.adjointTwoRows(s.w, s.c, er, e[r - 1] * scale, s.carry, s.delta, tileDirect, b1,
                        b1 - 8 * cols, cur, h[rowBase + r - 1], t > 1 ? h[rowBase + r - 2] : null, s.gradW, cols);
                if (tileDirect == null) {
                    tile.put((r - r0) * cols, s.delta, 0, cols);
                    tile.put((r - 1 - r0) * cols, s.carry, 0, cols);
                }
                r--;
                t -= 2;
                if (t < 0) {
                    t = steps - 1;
                }
                continue;
            }
            if (tanh && vector) {
                VectorRecurrenceF64.adjointRow(s.w, s.c, er, s.carry, cur, t > 0 ? h[rowBase + r - 1] : null,
                        s.gradW, cols);
                tile.put((r - r0) * cols, s.carry, 0, cols);
                if (--t < 0) {
                    t = steps - 1;
                }
                continue;
            }
            if (tanh) {
                tanhAdjointStep(s.w, s.c, er, s.carry, cur, cols);
            } else {
                double[] arg = fromValue ? cur : z[rowBase + r];
                for (int k = 0; k < cols; k++) {
                    double deriv = fromValue ? act.derivativeFromValue(arg[k]) : act.derivative(arg[k]);
                    s.carry[k] = (er * s.c[k] + s.w[k] * s.carry[k]) * deriv;
                }
            }
            if (t > 0) {
                accumulate(s.gradW, s.carry, h[rowBase + r - 1], cols);
            }
            tile.put((r - r0) * cols, s.carry, 0, cols);
            if (--t < 0) {
                t = steps - 1;
            }
        }
    }

    /** carry ← (er c + w ⊙ carry) ⊙ (1 − h²). */
    private static void tanhAdjointStep(double[] w, double[] c, double er, double[] carry, double[] h, int len) {
        for (int k = 0; k < len; k++) {
            double hk = h[k];
            carry[k] = (er * c[k] + w[k] * carry[k]) * (1.0 - hk * hk);
        }
    }

    /** gradW += δ ⊙ h_{t−1}. */
    private static void accumulate(double[] gradW, double[] delta, double[] prev, int len) {
        for (int k = 0; k < len; k++) {
            gradW[k] += delta[k] * prev[k];
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

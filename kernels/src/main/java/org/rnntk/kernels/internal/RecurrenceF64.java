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
 * wide, row-major; H is kept as one array per row of a block ({@link Lane64#h}), so that
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
     * What a tile's rows read and write besides the tile's numbers: one lane's tile (Z forward, Δ
     * backward) and block {@link Scratch}, the call's activation, output partials and adjoints, and
     * where the current block's rows of H live. Replaces a dozen arguments per tile; allocated once per
     * lane ({@link Workspace}) and reset per call ({@link #call}) and per block ({@link #block}), so the
     * tiles allocate nothing. {@link #forwardTile} and {@link #backwardTile} copy its fields into locals
     * once per tile: the row and element loops see the same locals as before.
     *
     * <p>Mutable and not thread-safe: used by the thread that holds its lane, one tile at a time.
     */
    public static final class TileCursor {
        /** The tile, tileRows × cols row-major, off-heap, the lane's own (Z forward, receives Δ backward). */
        final DoubleBuffer tile;
        /** The same memory for the Vector API rows in place ({@link VectorRecurrenceF64#direct}), or null. */
        final DirectTile direct;
        /** The loaded block's parameters and the lane's scratch rows. */
        final Scratch s;
        Activation act;
        int steps;
        /** Receives the row partials at {@code pBase + r}. */
        double[] partial;
        /** ∂R̂/∂F for every row (read only). */
        double[] e;
        /** 1/√m. */
        double scale;
        /** Row r of the block in {@code h[rowBase + r]}; the kept pre-activations in {@code zKeep}, or null. */
        double[][] h;
        double[][] zKeep;
        int rowBase;
        int pBase;

        /**
         * @param tile   the lane's tile buffer (its contents modified by the tile methods)
         * @param direct the same memory for in-place Vector API rows, or null to copy through heap rows
         * @param s      the lane's block parameters and scratch rows
         */
        public TileCursor(DoubleBuffer tile, DirectTile direct, Scratch s) {
            this.tile = tile;
            this.direct = direct;
            this.s = s;
        }

        /**
         * Sets what one call reads and writes: the activation, T, the row partials (modified by
         * {@link #forwardTile}), the adjoints e = ∂R̂/∂F (not modified) and the output scale 1/√m.
         */
        public TileCursor call(Activation act, int steps, double[] partial, double[] e, double scale) {
            this.act = act;
            this.steps = steps;
            this.partial = partial;
            this.e = e;
            this.scale = scale;
            return this;
        }

        /**
         * Sets where the current block's rows are: row r of H in {@code h[rowBase + r]} (modified
         * forward), its pre-activations in {@code zKeep} when kept (else null; modified forward),
         * its row partials at {@code pBase + r}.
         */
        public TileCursor block(double[][] h, double[][] zKeep, int rowBase, int pBase) {
            this.h = h;
            this.zKeep = zKeep;
            this.rowBase = rowBase;
            this.pBase = pBase;
            return this;
        }
    }

    /**
     * h_t = σ(w ⊙ h_{t−1} + z_t) (h_0 = 0) for rows [r0, r1) of the loaded block, and each row's
     * output partial Σ_k c_k h_k over the block, mirrored pairs added first (so that it is exactly 0
     * at the symmetric initialization, docs/theory.md §2). h_{t−1} is the previous row of H
     * (written by this call or, across tiles of a block, by the previous one), or 0 at each
     * sequence's first step. Reads Z from the cursor's tile, (r1−r0)×cols row-major (not modified);
     * writes H, the kept pre-activations and the row partials where the cursor says.
     */
    public static void forwardTile(TileCursor cursor, int r0, int r1) {
        forwardTile(cursor, ZERO_COPY ? cursor.direct : null, r0, r1, VECTOR);
    }

    /**
     * {@link #forwardTile(TileCursor, int, int)}, the Vector API path chosen by the caller (tests
     * compare them); with the cursor's direct tile null the Vector API rows copy z out of the tile first.
     */
    public static void forwardTile(TileCursor cursor, int r0, int r1, boolean vector) {
        forwardTile(cursor, cursor.direct, r0, r1, vector);
    }

    private static void forwardTile(TileCursor cursor, DirectTile tileDirect, int r0, int r1, boolean vector) {
        DoubleBuffer tile = cursor.tile;
        double[][] h = cursor.h;
        double[][] zKeep = cursor.zKeep;
        int rowBase = cursor.rowBase;
        Activation act = cursor.act;
        int steps = cursor.steps;
        double[] partial = cursor.partial;
        int pBase = cursor.pBase;
        Scratch s = cursor.s;
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
     * The carry persists in the cursor's scratch from one tile to the previous one and is reset at each
     * sequence's last step; ∂R̂/∂w accumulates in {@code Scratch.gradW}. Reads H as {@link #forwardTile}
     * leaves it, the kept pre-activations (σ' from h when there are none) and e (none modified); writes
     * Δ of the tile, (r1−r0)×cols row-major, into the cursor's tile.
     */
    public static void backwardTile(TileCursor cursor, int r0, int r1) {
        backwardTile(cursor, ZERO_COPY ? cursor.direct : null, r0, r1, VECTOR);
    }

    /**
     * {@link #backwardTile(TileCursor, int, int)}, the Vector API path chosen by the caller (tests
     * compare the two); with the cursor's direct tile null the Vector API rows copy δ into the tile
     * afterwards.
     */
    public static void backwardTile(TileCursor cursor, int r0, int r1, boolean vector) {
        backwardTile(cursor, cursor.direct, r0, r1, vector);
    }

    private static void backwardTile(TileCursor cursor, DirectTile tileDirect, int r0, int r1, boolean vector) {
        DoubleBuffer tile = cursor.tile;
        double[][] h = cursor.h;
        double[][] z = cursor.zKeep;
        int rowBase = cursor.rowBase;
        double[] e = cursor.e;
        double scale = cursor.scale;
        Activation act = cursor.act;
        int steps = cursor.steps;
        Scratch s = cursor.s;
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
                VectorRecurrenceF64.adjointTwoRows(s, er, e[r - 1] * scale, tileDirect, b1, b1 - 8 * cols, cur,
                        h[rowBase + r - 1], t > 1 ? h[rowBase + r - 2] : null);
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
                VectorRecurrenceF64.adjointRow(s, er, cur, t > 0 ? h[rowBase + r - 1] : null);
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
     * The inputs of the forward-mode sensitivities of one call (docs/theory.md §4), in the natural
     * layout: row r = j·T + t, neuron i at {@code r*m + i}. Built once per call; the arrays are read,
     * never modified.
     *
     * @param h   the hidden states, (n·T)×m
     * @param z   the pre-activations in the same layout, or null when σ' is computed from h
     * @param w   the recurrent weights, length m
     * @param x   the inputs, row-major (n·T)×d
     * @param act σ
     */
    public record SensitivityInputs(double[] h, double[] z, double[] w, double[] x, Activation act, int n,
                                    int steps, int m, int d) {
        public SensitivityInputs {
            java.util.Objects.requireNonNull(h, "h");
            java.util.Objects.requireNonNull(w, "w");
            java.util.Objects.requireNonNull(x, "x");
            java.util.Objects.requireNonNull(act, "act");
            long cells = (long) n * steps * m;
            requireLength("h", h, cells, "n*T*m");
            if (z != null) {
                requireLength("z", z, cells, "n*T*m");
            }
            requireLength("w", w, m, "m");
            requireLength("x", x, (long) n * steps * d, "n*T*d");
        }

        private static void requireLength(String name, double[] v, long expected, String what) {
            if (v.length != expected) {
                throw new IllegalArgumentException("sensitivity input " + name + " has " + v.length
                        + " elements but " + what + " = " + expected + " were expected");
            }
        }
    }

    /**
     * a_t = σ'(z_t)(h_{t−1} + w a_{t−1}), b_t = σ'(z_t)(x_t + w b_{t−1}) (docs/theory.md §4), for
     * neurons [from, to).
     *
     * @param in the hidden states, pre-activations, w, inputs and shape (not modified)
     * @param a  receives a, (n·T)×m (modified)
     * @param b  receives b, (n·T)×m×d (modified)
     */
    public static void sensitivities(SensitivityInputs in, double[] a, double[] b, int from, int to) {
        double[] h = in.h();
        double[] z = in.z();
        double[] w = in.w();
        double[] x = in.x();
        Activation act = in.act();
        int n = in.n();
        int steps = in.steps();
        int m = in.m();
        int d = in.d();
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

package org.rnntk.kernels.internal;

import java.nio.FloatBuffer;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;

/**
 * The float32 twin of {@link RecurrenceF64} (keep the two in step: why a copy, and the test that
 * catches drift, in docs/design/kernel-paths.md): the same tiles, layouts and
 * loops over float arrays, all in float32 where a loop must vectorize (C2 in JDK 17 does not
 * vectorize float↔double conversions): tanh by {@link FastTanh#tanhFloat} (other activations in
 * float64, rounded), the outputs' pair terms and up to {@link #FLUSH_ROWS} rows of ∂R̂/∂w in float32;
 * the outputs' row sums and ∂R̂/∂w across those runs in float64. Not API.
 */
public final class RecurrenceF32 {

    /** Rows of ∂R̂/∂w summed in float32 before they are added to the float64 accumulator. */
    static final int FLUSH_ROWS = 64;

    private RecurrenceF32() {
    }

    /**
     * One lane's copies of a block's parameters and its scratch rows: every hot loop indexes all its
     * arrays by the same k, the shape C2 vectorizes (reading or writing one array at two offsets
     * defeats its alias analysis).
     */
    public static final class Scratch {
        final float[] w;
        final float[] c;
        final float[] carry;
        /** h_0 = 0: the previous row of every sequence's first step (never written). */
        final float[] zeros;
        /** c of the block's second half (the mirror partners), at the index of their first-half partner. */
        final float[] cHi;
        /** The second half of a row of H, at the index of the first-half partner. */
        final float[] hi;
        /** c_k h_k + c_{k+pairs} h_{k+pairs} of one row, in float32 (their sum over the row is taken in float64). */
        final float[] terms;
        /** ∂R̂/∂w of the block, accumulated (in float64) by {@link #backwardTile}. */
        public final double[] gradW;
        /** Up to {@link #FLUSH_ROWS} rows of ∂R̂/∂w, in float32. */
        final float[] gradWRun;
        int cols;
        int pairs;

        public Scratch(int maxCols) {
            w = new float[maxCols];
            c = new float[maxCols];
            carry = new float[maxCols];
            zeros = new float[maxCols];
            cHi = new float[maxCols];
            hi = new float[maxCols];
            terms = new float[maxCols];
            gradW = new double[maxCols];
            gradWRun = new float[maxCols];
        }

        /** Loads the block at permuted columns [cs, cs + cols) with {@code pairs} mirrored pairs. */
        public void load(float[] wPerm, float[] cPerm, int cs, int cols, int pairs) {
            this.cols = cols;
            this.pairs = pairs;
            System.arraycopy(wPerm, cs, w, 0, cols);
            System.arraycopy(cPerm, cs, c, 0, cols);
            System.arraycopy(cPerm, cs + pairs, cHi, 0, pairs);
        }
    }

    /**
     * What a tile's rows read and write besides the tile's numbers, as {@link RecurrenceF64.TileCursor}:
     * one lane's tile and block {@link Scratch}, the call's activation, output partials and adjoints,
     * and where the current block's rows of H live. Allocated once per lane, reset per call
     * ({@link #call}) and per block ({@link #block}); the tile methods copy its fields into locals once
     * per tile.
     *
     * <p>Mutable and not thread-safe: used by the thread that holds its lane, one tile at a time.
     */
    public static final class TileCursor {
        /** The tile, tileRows × cols row-major, off-heap, the lane's own (Z forward, receives Δ backward). */
        final FloatBuffer tile;
        /** The loaded block's parameters and the lane's scratch rows. */
        final Scratch s;
        Activation act;
        int steps;
        /** Receives the row partials (float64) at {@code pBase + r}. */
        double[] partial;
        /** ∂R̂/∂F for every row, float64 (read only). */
        double[] e;
        /** 1/√m. */
        double scale;
        /** Row r of the block in {@code h[rowBase + r]}; the kept pre-activations in {@code zKeep}, or null. */
        float[][] h;
        float[][] zKeep;
        int rowBase;
        int pBase;

        /**
         * @param tile the lane's tile buffer (its contents modified by the tile methods)
         * @param s    the lane's block parameters and scratch rows
         */
        public TileCursor(FloatBuffer tile, Scratch s) {
            this.tile = tile;
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
        public TileCursor block(float[][] h, float[][] zKeep, int rowBase, int pBase) {
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
        FloatBuffer tile = cursor.tile;
        float[][] h = cursor.h;
        float[][] zKeep = cursor.zKeep;
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
            float[] prev = t == 0 ? s.zeros : h[rowBase + r - 1];
            float[] out = h[rowBase + r];
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
     * h ← tanh(w ⊙ prev + h) in float32 arithmetic ({@link FastTanh#tanhFloat}), Z having been copied
     * into the row of H: its own method, so that C2 compiles it as one tight vector loop (three arrays
     * indexed by k, as in {@link RecurrenceF64}). In float32 throughout: C2 in JDK 17 does not
     * vectorize float↔double conversions (docs/design/tiles.md).
     */
    private static void tanhStep(float[] w, float[] prev, float[] h, int len) {
        for (int k = 0; k < len; k++) {
            h[k] = FastTanh.tanhFloat(w[k] * prev[k] + h[k]);
        }
    }

    /** h ← w ⊙ prev + h: Z into the pre-activation, in place. */
    private static void preActivation(float[] w, float[] prev, float[] h, int len) {
        for (int k = 0; k < len; k++) {
            h[k] = w[k] * prev[k] + h[k];
        }
    }

    /** h ← σ(h), in place. */
    private static void activate(Activation act, float[] h, int len) {
        boolean isTanh = act == Activations.tanh();
        for (int k = 0; k < len; k++) {
            h[k] = isTanh ? FastTanh.tanhFloat(h[k]) : (float) act.value(h[k]);
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
    static double pairSum(Scratch s, float[] h) {
        int pairs = s.pairs;
        float[] c = s.c;
        float[] cHi = s.cHi;
        float[] hi = s.hi;
        float[] terms = s.terms;
        System.arraycopy(h, pairs, hi, 0, pairs);
        for (int k = 0; k < pairs; k++) {
            terms[k] = c[k] * h[k] + cHi[k] * hi[k];
        }
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
            s0 += terms[k];
            s1 += terms[k + 1];
            s2 += terms[k + 2];
            s3 += terms[k + 3];
            s4 += terms[k + 4];
            s5 += terms[k + 5];
            s6 += terms[k + 6];
            s7 += terms[k + 7];
        }
        double sum = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (int k = blocked; k < pairs; k++) {
            sum += terms[k];
        }
        for (int k = 2 * pairs; k < s.cols; k++) {
            sum += (double) c[k] * h[k];
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
        FloatBuffer tile = cursor.tile;
        float[][] h = cursor.h;
        float[][] z = cursor.zKeep;
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
        int run = 0;
        java.util.Arrays.fill(s.gradWRun, 0, cols, 0f);
        for (int r = r1 - 1; r >= r0; r--) {
            if (t == steps - 1) {
                java.util.Arrays.fill(s.carry, 0, cols, 0f);
            }
            float er = (float) (e[r] * scale);
            float[] cur = h[rowBase + r];
            if (tanh) {
                tanhAdjointStep(s.w, s.c, er, s.carry, cur, cols);
            } else {
                float[] arg = fromValue ? cur : z[rowBase + r];
                for (int k = 0; k < cols; k++) {
                    float deriv = (float) (fromValue ? act.derivativeFromValue(arg[k]) : act.derivative(arg[k]));
                    s.carry[k] = (er * s.c[k] + s.w[k] * s.carry[k]) * deriv;
                }
            }
            if (t > 0) {
                accumulate(s.gradWRun, s.carry, h[rowBase + r - 1], cols);
                if (++run == FLUSH_ROWS) {
                    flush(s, cols);
                    run = 0;
                }
            }
            tile.put((r - r0) * cols, s.carry, 0, cols);
            if (--t < 0) {
                t = steps - 1;
            }
        }
        flush(s, cols);
    }

    /** gradW += the float32 run, which is then zeroed. */
    private static void flush(Scratch s, int cols) {
        for (int k = 0; k < cols; k++) {
            s.gradW[k] += s.gradWRun[k];
            s.gradWRun[k] = 0f;
        }
    }

    /** carry ← (er c + w ⊙ carry) ⊙ (1 − h²). */
    private static void tanhAdjointStep(float[] w, float[] c, float er, float[] carry, float[] h, int len) {
        for (int k = 0; k < len; k++) {
            float hk = h[k];
            carry[k] = (er * c[k] + w[k] * carry[k]) * (1f - hk * hk);
        }
    }

    /** gradW += δ ⊙ h_{t−1}, in float32. */
    private static void accumulate(float[] gradW, float[] delta, float[] prev, int len) {
        for (int k = 0; k < len; k++) {
            gradW[k] += delta[k] * prev[k];
        }
    }
}

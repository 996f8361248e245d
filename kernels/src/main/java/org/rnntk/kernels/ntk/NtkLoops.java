package org.rnntk.kernels.ntk;

import java.nio.DoubleBuffer;
import java.util.Objects;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.Checks;
import org.rnntk.kernels.internal.FastTanh;

/**
 * The sequential, per-neuron loops of the NTK (docs/theory.md §4–§5). Layout as in
 * {@code RecurrenceF64}: row r = j·T + t of an (s·T)×m buffer, neuron i at {@code r*m + i}, for the
 * s sequences of a block. Every method works on the neuron range [from, to), so disjoint ranges run
 * in parallel without synchronization. Plain loops, no allocation, no ND4J op.
 *
 * <p>What every loop over one block reads comes in one {@link Block} (the model's w, s_i = c_i/√m,
 * σ and the block's shape, validated once per block), the scratch rows in one {@link Scratch} (kept
 * by the caller between blocks). Each method copies their fields into locals once on entry, so the
 * per-element loops see locals only, as when they were separate arguments.
 */
final class NtkLoops {

    /** Largest Java array the loops index with an int. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private NtkLoops() {
    }

    /**
     * What every loop over one block of sequences shares: the model's recurrent weights and output
     * scale, its activation, and the block's shape. Built once per block (or once per operator); the
     * arrays are read, never modified.
     *
     * @param w     the recurrent weights w, length m
     * @param scale s_i = c_i/√m, length m, or null where no loop reads it ({@link NtkLoops#forward},
     *              {@link NtkLoops#tangent})
     * @param act   σ
     * @param seqs  s, the sequences in the block, ≥ 1
     * @param steps T, ≥ 1
     * @param m     the width, ≥ 1
     * @param d     the input dimension, ≥ 1
     */
    record Block(double[] w, double[] scale, Activation act, int seqs, int steps, int m, int d) {
        Block {
            Objects.requireNonNull(w, "w");
            Objects.requireNonNull(act, "act");
            Checks.positive("NTK block seqs", seqs);
            Checks.positive("NTK block steps T", steps);
            Checks.positive("NTK block width m", m);
            Checks.positive("NTK block input dimension d", d);
            long cells = (long) seqs * steps * m;
            if (cells > MAX_ARRAY) {
                throw new IllegalArgumentException("an NTK block of seqs*T*m = " + seqs + "*" + steps + "*" + m
                        + " = " + cells + " cells exceeds the 2^31 elements the loops index; use fewer sequences"
                        + " per block");
            }
            if ((long) m * d > MAX_ARRAY) {
                throw new IllegalArgumentException("an NTK block of m*d = " + m + "*" + d + " = " + (long) m * d
                        + " input weights exceeds the 2^31 elements the loops index");
            }
            requireLength("w", w, m, "m");
            if (scale != null) {
                requireLength("scale", scale, m, "m");
            }
        }

        private static void requireLength(String name, double[] v, long expected, String what) {
            if (v.length != expected) {
                throw new IllegalArgumentException("NTK block array " + name + " has " + v.length
                        + " elements but " + what + " = " + expected + " were expected");
            }
        }

        /** s_i = c_i/√m for the loops that read it. */
        private double[] requireScale(String loop) {
            if (scale == null) {
                throw new IllegalStateException(loop + " reads the output scale s_i = c_i/√m but this block"
                        + " (m = " + m + ") was built without one");
            }
            return scale;
        }
    }

    /**
     * The rows an all-steps block stores ({@link NtkLoops#allStepsRows}): of its local rows
     * r = j·T + t, those in [lo, hi), at output row r − lo. The arrays are the caller's; see the
     * method for which it modifies.
     *
     * @param x     the inputs of the whole data set, row-major (n·T)×d
     * @param xRow0 the data set row of the block's first step (first sequence × T), ≥ 0
     * @param lo    the first local row stored, ≥ 0
     * @param hi    one past the last local row stored, &gt; lo
     * @param jw    receives ∂F/∂w rows, (hi − lo)×m
     * @param ju    receives ∂F/∂U rows, (hi − lo)×(m·d)
     */
    record StoredRows(double[] x, int xRow0, int lo, int hi, double[] jw, double[] ju) {
        StoredRows {
            Objects.requireNonNull(x, "x");
            Objects.requireNonNull(jw, "jw");
            Objects.requireNonNull(ju, "ju");
            Checks.nonNegative("stored rows xRow0", xRow0);
            Checks.nonNegative("stored rows lo", lo);
            if (hi <= lo) {
                throw new IllegalArgumentException("stored rows [lo, hi) = [" + lo + ", " + hi
                        + ") must be non-empty: expected hi > lo");
            }
        }
    }

    /**
     * The scratch rows of the loops: h and σ' of one sequence (T×m) and rows of length m (m·d for the
     * input sensitivities' carry). Kept by its owner between blocks and calls, grown on demand by the
     * {@code sizedFor} methods before a block's chunks start, so the loops allocate nothing.
     *
     * <p>Thread rule: mutable. The chunks of one block share it, each touching only the entries of its own
     * neuron range [from, to) (disjoint ranges, as {@code Parallel.forRange} hands them out), so they need
     * no lock; it serves one block at a time, and is resized only while no chunk runs. Its owner
     * ({@link BlockedNtk}) holds its monitor for a whole call, which guarantees both.
     */
    static final class Scratch {
        /** h_t of the current sequence, T×m ({@link NtkLoops#lastStepJacobian}). */
        private double[] hLocal;
        /** σ'(z_t) of the current sequence, T×m, for a non-tanh σ ({@link NtkLoops#lastStepJacobian}). */
        private double[] dLocal;
        /** The forward state, then the backward product, per neuron (length m). */
        private double[] carry;
        /** One row segment of Z or Γ (length m). */
        private double[] row;
        /** ∂F_T/∂w accumulated per neuron (length m). */
        private double[] acc;
        /** a_{t−1} per neuron (length m, {@link NtkLoops#allStepsRows}). */
        private double[] aCarry;
        /** b_{t−1} per neuron and input (length m·d, {@link NtkLoops#allStepsRows}). */
        private double[] bCarry;

        /** Grows what {@link NtkLoops#lastStepJacobian} uses for blocks of this shape and activation. */
        Scratch sizedForLastStepJacobian(Block block) {
            long sequence = (long) block.steps() * block.m();
            hLocal = atLeast(hLocal, sequence);
            if (block.act() != Activations.tanh()) {
                dLocal = atLeast(dLocal, sequence);
            }
            carry = atLeast(carry, block.m());
            row = atLeast(row, block.m());
            acc = atLeast(acc, block.m());
            return this;
        }

        /** Grows what {@link NtkLoops#lastStepCoefficients} uses for blocks of this width. */
        Scratch sizedForLastStepCoefficients(Block block) {
            carry = atLeast(carry, block.m());
            return this;
        }

        /** Grows what {@link NtkLoops#allStepsRows} uses for blocks of this width and input dimension. */
        Scratch sizedForAllStepsRows(Block block) {
            aCarry = atLeast(aCarry, block.m());
            bCarry = atLeast(bCarry, (long) block.m() * block.d());
            return this;
        }

        /** Drops every array (the owner is closing). */
        void release() {
            hLocal = null;
            dLocal = null;
            carry = null;
            row = null;
            acc = null;
            aCarry = null;
            bCarry = null;
        }

        private static double[] atLeast(double[] a, long len) {
            if (len > MAX_ARRAY) {
                throw new IllegalArgumentException("a scratch row of " + len + " doubles exceeds the 2^31 elements a"
                        + " Java array can hold; lower blockBudgetBytes or use fewer sequences per call");
            }
            return a != null && a.length >= len ? a : new double[(int) Math.max(len, 1)];
        }
    }

    /**
     * h_t = σ(w ⊙ h_{t−1} + z_t) and D_t = σ'(z_t).
     *
     * @param block w, σ and the shape (not modified)
     * @param hz    on entry Z = X Uᵀ for the block, on exit H (modified)
     * @param deriv receives D (modified)
     */
    static void forward(Block block, double[] hz, double[] deriv, int from, int to) {
        double[] w = block.w();
        Activation act = block.act();
        int seqs = block.seqs();
        int steps = block.steps();
        int m = block.m();
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
     * @param block   w, s_i = c_i/√m and the shape (not modified)
     * @param h       H of the block (not modified)
     * @param deriv   D of the block (not modified)
     * @param gamma   receives Γ, (s·T)×m (modified)
     * @param jw      receives Jw, s×m (modified)
     * @param scratch its carry row, entries [from, to) used
     *                ({@link Scratch#sizedForLastStepCoefficients}; modified)
     */
    static void lastStepCoefficients(Block block, double[] h, double[] deriv, double[] gamma, double[] jw,
                                     Scratch scratch, int from, int to) {
        double[] w = block.w();
        double[] scale = block.requireScale("lastStepCoefficients");
        int seqs = block.seqs();
        int steps = block.steps();
        int m = block.m();
        double[] carry = scratch.carry;
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
     * loop that keeps σ'(z) in the scratch's T×m σ' rows.
     *
     * @param block     w, s_i = c_i/√m, σ and the shape (not modified)
     * @param zg        on entry Z = X Uᵀ, (s·T)×m, absolute indexing; on exit Γ (modified)
     * @param jac       the Jacobian rows, row j at {@code jac0 + j·rowLength}: columns [0, m) receive
     *                  ∂F_T/∂w (modified, columns [from, to) only)
     * @param jac0      the index in {@code jac} of the block's first Jacobian row
     * @param rowLength the distance in {@code jac} between consecutive Jacobian rows
     * @param scratch   its T×m h (and, for a non-tanh σ, σ') rows and its carry, row and acc rows, columns
     *                  [from, to) used ({@link Scratch#sizedForLastStepJacobian}; modified)
     */
    static void lastStepJacobian(Block block, DoubleBuffer zg, DoubleBuffer jac, long jac0, long rowLength,
                                 Scratch scratch, int from, int to) {
        double[] w = block.w();
        double[] scale = block.requireScale("lastStepJacobian");
        Activation act = block.act();
        int seqs = block.seqs();
        int steps = block.steps();
        int m = block.m();
        double[] hLocal = scratch.hLocal;
        double[] dLocal = scratch.dLocal;
        double[] carry = scratch.carry;
        double[] row = scratch.row;
        double[] acc = scratch.acc;
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
     * @param block   w, s_i = c_i/√m and the shape (not modified)
     * @param h       H of the block (not modified)
     * @param deriv   D of the block (not modified)
     * @param rows    which rows are stored and where: its x is not modified, its jw and ju receive the
     *                ∂F/∂w and ∂F/∂U rows (modified, columns of neurons [from, to) only)
     * @param scratch its a and b carries, entries of neurons [from, to) used
     *                ({@link Scratch#sizedForAllStepsRows}; modified)
     */
    static void allStepsRows(Block block, double[] h, double[] deriv, StoredRows rows, Scratch scratch, int from,
                             int to) {
        double[] w = block.w();
        double[] scale = block.requireScale("allStepsRows");
        int seqs = block.seqs();
        int steps = block.steps();
        int m = block.m();
        int d = block.d();
        double[] x = rows.x();
        int xRow0 = rows.xRow0();
        int lo = rows.lo();
        int hi = rows.hi();
        double[] jw = rows.jw();
        double[] ju = rows.ju();
        double[] aCarry = scratch.aCarry;
        double[] bCarry = scratch.bCarry;
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
     * @param block w at Θ0 and the shape (not modified)
     * @param h     H at Θ0 (not modified)
     * @param deriv D at Θ0 (not modified)
     * @param dw    Δw, length m (not modified)
     * @param dhz   on entry X ΔUᵀ, on exit dh (modified)
     */
    static void tangent(Block block, double[] h, double[] deriv, double[] dw, double[] dhz, int from, int to) {
        double[] w = block.w();
        int seqs = block.seqs();
        int steps = block.steps();
        int m = block.m();
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

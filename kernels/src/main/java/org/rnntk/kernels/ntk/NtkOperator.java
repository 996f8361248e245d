package org.rnntk.kernels.ntk;

import java.util.Objects;

import org.bytedeco.javacpp.DoublePointer;
import org.rnntk.core.Loss;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.internal.Blas;
import org.rnntk.kernels.internal.Parallel;

/**
 * The empirical NTK of one data set as a matrix-free operator, K v = J (Jᵀ v), never forming J or K
 * (docs/theory.md §4–§5): per product, one adjoint pass — backprop through time with the output
 * adjoints e = v, which gives Jᵀ v = Σ_q v_q ∇_Θ F_q — and one forward tangent pass along
 * Jᵀ v, which gives J (Jᵀ v):
 * <pre>
 *   adjoint:  g_t^i = e_t c_i/√m + g_{t+1}^i w_i σ'(z_{t+1}^i),  δ_t^i = g_t^i σ'(z_t^i)
 *             (Jᵀe)_{w_i} = Σ_{j,t} δ_t^i h_{t−1}^i,   (Jᵀe)_U = Δᵀ X          (one GEMM)
 *   tangent:  dh_t = σ'(z_t) ⊙ (Δw ⊙ h_{t−1} + w ⊙ dh_{t−1} + ΔU x_t),   (J Δθ)_q = (1/√m) Σ_i c_i dh_q^i
 * </pre>
 * (X ΔUᵀ is one GEMM). For {@link Loss#LAST_STEP} only e_T is nonzero and only the last step
 * is read out. The hidden states H and σ'(Z) at the model's parameters are computed once, at
 * construction. Cost per product ≈ two passes over n·T·m cells plus two GEMMs of n·T·m·d
 * multiply-adds; memory: three (n·T)×m double arrays on the heap and one off heap.
 *
 * <p>Thread rule: holds native buffers and scratch, so the methods synchronize (concurrent calls
 * are serialized, never interleaved); after {@link #close()} every method throws
 * {@link IllegalStateException}.
 */
public final class NtkOperator implements SymmetricOperator, AutoCloseable {

    private static final int MIN_NEURONS_PER_CHUNK = 16;

    private final DiagonalRnn model;
    private final Loss mode;
    private final int n;
    private final int steps;
    private final int m;
    private final int d;
    private final int rows;
    private final int size;
    private final double[] w;
    private final double[] c;
    private final double[] scale;
    /** w, s_i = c_i/√m, σ and the shape (n, T, m, d), as the NTK loops take them. */
    private final NtkLoops.Block block;
    private final Parallel parallel;
    private final DoublePointer x;
    private final DoublePointer u;
    private final DoublePointer z;
    private final double[] h;
    private final double[] deriv;
    private final double[] buf;
    private final double[] gradW;
    private final double[] gradU;
    private boolean closed;

    private NtkOperator(DiagonalRnn model, SequenceDataset data, Loss mode, int threads) {
        data.requireInputDim(model.inputDim(), "the model " + model);
        this.model = model;
        this.mode = mode;
        this.n = data.size();
        this.steps = data.timeSteps();
        this.m = model.width();
        this.d = model.inputDim();
        long cells = (long) n * steps * m;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("n*T*m = " + cells + " hidden states exceed the 2^31 elements a Java"
                    + " array can hold; use NtkOperator on a smaller data set or form the Gram in blocks");
        }
        this.rows = n * steps;
        this.size = (int) mode.outputCount(n, steps);
        this.w = model.w();
        this.c = model.c();
        this.scale = new double[m];
        for (int i = 0; i < m; i++) {
            scale[i] = c[i] / Math.sqrt(m);
        }
        this.block = new NtkLoops.Block(w, scale, model.activation(), n, steps, m, d);
        this.parallel = new Parallel(threads);
        this.x = new DoublePointer((long) rows * d);
        this.u = new DoublePointer((long) m * d);
        this.z = new DoublePointer(cells);
        x.position(0).put(data.inputs(), 0, rows * d);
        this.h = new double[(int) cells];
        this.deriv = new double[(int) cells];
        this.buf = new double[(int) cells];
        this.gradW = new double[m];
        this.gradU = new double[m * d];
        u.position(0).put(model.u(), 0, m * d);
        inputProjection();
        z.position(0).get(h, 0, (int) cells);
        int chunks = parallel.chunks(m, cells, MIN_NEURONS_PER_CHUNK);
        parallel.forRange(m, chunks, (k, from, to) -> NtkLoops.forward(block, h, deriv, from, to));
    }

    /**
     * The NTK of {@code data} at the parameters of {@code model}, in {@code mode}'s output order.
     *
     * @param threads Java threads over neurons, ≥ 1
     * @throws IllegalArgumentException when the data's d differs from the model's, or n·T·m ≥ 2^31
     */
    public static NtkOperator of(DiagonalRnn model, SequenceDataset data, Loss mode, int threads) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(mode, "mode");
        Checks.positive("threads", threads);
        return new NtkOperator(model, data, mode, threads);
    }

    /** N = n (last step) or n·T (all steps). */
    @Override
    public int size() {
        return size;
    }

    /** The Gram mode. */
    public Loss mode() {
        return mode;
    }

    /** out = K v = J (Jᵀ v); v and out of length N (v not modified, out overwritten). */
    @Override
    public synchronized void applyInto(double[] v, double[] out) {
        requireOpen();
        Checks.length("v", v, size, "N = " + size + " (" + mode + ")");
        Checks.length("out", out, size, "N = " + size + " (" + mode + ")");
        adjoint(v);
        tangent(gradW, gradU, out);
    }

    /**
     * Jᵀ v = Σ_q v_q ∇_Θ F_q, in the layout [∂/∂w (m), ∂/∂U (m×d row-major)], length p = m(d + 1).
     *
     * @param v length N (not modified)
     */
    public synchronized double[] transposeJacobianTimes(double[] v) {
        requireOpen();
        Checks.length("v", v, size, "N = " + size + " (" + mode + ")");
        adjoint(v);
        double[] out = new double[m + m * d];
        System.arraycopy(gradW, 0, out, 0, m);
        System.arraycopy(gradU, 0, out, m, m * d);
        return out;
    }

    /**
     * J θ̇ = (⟨∇_Θ F_q, θ̇⟩)_q, length N.
     *
     * @param direction θ̇ in the layout [w (m), U (m×d row-major)], length p (not modified)
     */
    public synchronized double[] jacobianTimes(double[] direction) {
        requireOpen();
        Checks.length("direction", direction, (long) m * (d + 1), "p = m(d+1) = " + m * (d + 1));
        double[] dw = new double[m];
        double[] du = new double[m * d];
        System.arraycopy(direction, 0, dw, 0, m);
        System.arraycopy(direction, m, du, 0, m * d);
        double[] out = new double[size];
        tangent(dw, du, out);
        return out;
    }

    /** gradW, gradU = Jᵀ e. */
    private void adjoint(double[] e) {
        int chunks = parallel.chunks(m, buf.length, MIN_NEURONS_PER_CHUNK);
        parallel.forRange(m, chunks, (k, from, to) -> adjointLoop(e, from, to));
        z.position(0).put(buf, 0, buf.length);
        // ∂/∂U = Δᵀ X: (m×rows)(rows×d), row-major, straight on the native buffers.
        Blas.dgemm(true, false, m, d, rows, z, 0, m, x, 0, d, 0.0, u, 0, d);
        u.position(0).get(gradU, 0, gradU.length);
    }

    /** z = X uᵀ, (rows×d)(d×m). */
    private void inputProjection() {
        Blas.dgemm(false, true, rows, m, d, x, 0, d, u, 0, d, 0.0, z, 0, m);
    }

    /**
     * δ into buf and the w-gradient for neurons [from, to), backwards through each sequence with the
     * neurons innermost (rows are contiguous in memory).
     */
    private void adjointLoop(double[] e, int from, int to) {
        boolean last = mode == Loss.LAST_STEP;
        for (int i = from; i < to; i++) {
            gradW[i] = 0;
        }
        double[] carry = new double[to - from];
        for (int j = 0; j < n; j++) {
            java.util.Arrays.fill(carry, 0.0);
            for (int t = steps - 1; t >= 0; t--) {
                int r = j * steps + t;
                double et = last ? (t == steps - 1 ? e[j] : 0.0) : e[r];
                int row = r * m;
                int prev = row - m;
                for (int i = from; i < to; i++) {
                    double delta = (et * scale[i] + carry[i - from]) * deriv[row + i];
                    buf[row + i] = delta;
                    if (t > 0) {
                        gradW[i] += delta * h[prev + i];
                    }
                    carry[i - from] = delta * w[i];
                }
            }
        }
    }

    /** out = J (dw, du). */
    private void tangent(double[] dw, double[] du, double[] out) {
        u.position(0).put(du, 0, du.length);
        inputProjection();
        z.position(0).get(buf, 0, buf.length);
        int chunks = parallel.chunks(m, buf.length, MIN_NEURONS_PER_CHUNK);
        parallel.forRange(m, chunks, (k, from, to) -> NtkLoops.tangent(block, h, deriv, dw, buf, from, to));
        if (mode == Loss.ALL_STEPS) {
            int rc = parallel.chunks(rows, (long) rows * m, 1);
            parallel.forRange(rows, rc, (k, from, to) -> NtkLoops.readout(buf, c, m, out, from, to));
            return;
        }
        double inv = 1.0 / Math.sqrt(m);
        for (int j = 0; j < n; j++) {
            int base = (j * steps + steps - 1) * m;
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += c[i] * buf[base + i];
            }
            out[j] = s * inv;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("NtkOperator of " + model + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        x.close();
        u.close();
        z.close();
        parallel.close();
    }

    @Override
    public String toString() {
        return "NtkOperator[" + model + ", " + mode + ", N=" + size + "]";
    }
}

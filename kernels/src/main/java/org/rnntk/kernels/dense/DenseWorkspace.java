package org.rnntk.kernels.dense;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.internal.FastTanh;

/**
 * The buffers of one (data set, width, precision) and the dense forward pass and BPTT on them
 * (docs/theory.md §11). Allocated once and reused while the data set and width stay the same: the
 * time loop allocates nothing. Rows are time-major, row t·n + j for sequence j at step t
 * (t = 0..T−1), so that one step's n rows are one contiguous block of a GEMM.
 *
 * <p>Buffers (N = n·T, h = m/2, L = m + h for even m, L = m for odd m):
 * <ul>
 *   <li>{@code x}: the inputs, N×d, uploaded once;</li>
 *   <li>{@code zs}: the pre-activations z_t, N×m — first X Uᵀ (one GEMM over all N rows, or two for
 *   the two halves), then W h_{t−1} is added step by step; backwards Δ_t overwrites z_t;</li>
 *   <li>{@code hs}: the hidden states, (T+1) blocks of n×L, block 0 = h_0 = 0. For even m each row
 *   holds [h^{0..h}, h^{h..m}, h^{0..h}] so that columns [h, h+m) are h rotated by h;</li>
 *   <li>{@code w}: W, m×m; {@code wRot}: W's rows h..m−1 with their columns rotated by h
 *   (wRot_{i,k} = W_{h+i, (k+h) mod m}), h×m; {@code u}: U, m×d — uploaded per call.</li>
 * </ul>
 *
 * <p>Exact zero at the mirrored initialization: for even m the recurrent product of the first half
 * is hs[:, 0..m) · W[0..h, :]ᵀ and that of the second half hs[:, h..h+m) · wRotᵀ, two GEMMs of the
 * same shape and leading dimensions. Under W(0) = diag(A, A), mirrored U and equal halves of h_{t−1},
 * the two calls get bit-identical operands, so they return bit-identical results whatever order
 * OpenBLAS sums in; likewise the input projection is two identical-shape GEMMs on identical rows of
 * U. So h_t^{i+h} = h_t^i bit for bit at every step, and the output is summed pair by pair,
 * c_i h^i + c_{i+h} h^{i+h} = 0 exactly. Not API; used under the owner's lock.
 */
final class DenseWorkspace implements AutoCloseable {

    final SequenceDataset data;
    final boolean float64;
    final int n;
    final int steps;
    final int d;
    final int m;
    final int rows;
    /** m/2 when m is even (the pair-order evaluation), else 0. */
    final int half;
    /** The row stride of {@link #hs}. */
    final int ld;

    final DenseBuffer x;
    final DenseBuffer u;
    final DenseBuffer w;
    final DenseBuffer wRot;
    final DenseBuffer zs;
    final DenseBuffer hs;
    final DenseBuffer g;
    final DenseBuffer gradW;
    final DenseBuffer gradU;

    /** Heap rows of one step (n·m each) and the staging of W's rotated half. */
    final double[] zRow;
    final double[] hRow;
    final double[] gRow;
    private final double[] wRotHeap;
    /** F and e = ∂R̂/∂F, natural order j·T + t. */
    final double[] outputs;
    final double[] adjoint;
    private final double[] targets;
    /** c of the current call. */
    final double[] c;

    DenseWorkspace(SequenceDataset data, int m, boolean float64) {
        this.data = data;
        this.float64 = float64;
        this.n = data.size();
        this.steps = data.timeSteps();
        this.d = data.inputDim();
        this.m = m;
        this.rows = n * steps;
        this.half = (m % 2 == 0) ? m / 2 : 0;
        this.ld = m + half;
        long cells = (long) rows * m;
        long hsLen = (long) (steps + 1) * n * ld;
        if (cells > Integer.MAX_VALUE - 8 || hsLen > Integer.MAX_VALUE - 8 || (long) n * m > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the dense network's states of shape [n*T, m] = ["
                    + rows + ", " + m + "] exceed the 2^31 elements the kernels index; use fewer sequences per call");
        }
        DenseBuffer[] made = new DenseBuffer[9];
        int k = 0;
        try {
            x = made[k++] = new DenseBuffer(float64, (long) rows * d);
            u = made[k++] = new DenseBuffer(float64, (long) m * d);
            w = made[k++] = new DenseBuffer(float64, (long) m * m);
            wRot = made[k++] = new DenseBuffer(float64, (long) half * m);
            zs = made[k++] = new DenseBuffer(float64, cells);
            hs = made[k++] = new DenseBuffer(float64, hsLen);
            g = made[k++] = new DenseBuffer(float64, (long) n * m);
            gradW = made[k++] = new DenseBuffer(float64, (long) m * m);
            gradU = made[k++] = new DenseBuffer(float64, (long) m * d);
        } catch (RuntimeException | Error e) {
            for (DenseBuffer b : made) {
                if (b != null) {
                    b.close();
                }
            }
            throw e;
        }
        zRow = new double[n * m];
        hRow = new double[n * m];
        gRow = new double[n * m];
        wRotHeap = new double[half * m];
        outputs = new double[rows];
        adjoint = new double[rows];
        targets = data.targets();
        c = new double[m];
        double[] xs = data.inputs();
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < n; j++) {
                x.put((long) (t * n + j) * d, xs, (j * steps + t) * d, d);
            }
        }
    }

    boolean fits(SequenceDataset other, int width, boolean f64) {
        return other == data && width == m && f64 == float64;
    }

    /** Uploads W, its rotated half, U and c of {@code model}. */
    void load(DenseRnn model) {
        double[] wNat = model.w();
        w.put(0, wNat, 0, m * m);
        for (int i = 0; i < half; i++) {
            int src = (half + i) * m;
            int dst = i * m;
            // Row h+i of W with its columns rotated by h: the first half's k-order on the second half.
            System.arraycopy(wNat, src + half, wRotHeap, dst, m - half);
            System.arraycopy(wNat, src, wRotHeap, dst + m - half, half);
        }
        if (half > 0) {
            wRot.put(0, wRotHeap, 0, half * m);
        }
        u.put(0, model.u(), 0, m * d);
        double[] cs = model.c();
        System.arraycopy(cs, 0, c, 0, m);
    }

    /**
     * The forward pass: fills zs (pre-activations), hs (states) and {@link #outputs}; with a loss,
     * also {@link #adjoint} and returns R̂ (else NaN).
     */
    double forward(Activation act, Loss loss) {
        boolean tanh = act == Activations.tanh();
        if (half > 0) {
            DenseBuffer.gemm(false, true, rows, half, d, x, 0, d, u, 0, d, 0.0, zs, 0, m);
            DenseBuffer.gemm(false, true, rows, half, d, x, 0, d, u, (long) half * d, d, 0.0, zs, half, m);
        } else {
            DenseBuffer.gemm(false, true, rows, m, d, x, 0, d, u, 0, d, 0.0, zs, 0, m);
        }
        double outScale = 1.0 / Math.sqrt(m);
        int nm = n * m;
        for (int t = 0; t < steps; t++) {
            long zOff = (long) t * nm;
            long hPrev = (long) t * n * ld;
            if (t > 0) {
                if (half > 0) {
                    DenseBuffer.gemm(false, true, n, half, m, hs, hPrev, ld, w, 0, m, 1.0, zs, zOff, m);
                    DenseBuffer.gemm(false, true, n, half, m, hs, hPrev + half, ld, wRot, 0, m, 1.0, zs, zOff + half, m);
                } else {
                    DenseBuffer.gemm(false, true, n, m, m, hs, hPrev, ld, w, 0, m, 1.0, zs, zOff, m);
                }
            }
            zs.get(zOff, zRow, 0, nm);
            if (tanh) {
                FastTanh.tanh(zRow, hRow, 0, nm);
            } else {
                for (int k = 0; k < nm; k++) {
                    hRow[k] = act.value(zRow[k]);
                }
            }
            if (!float64) {
                for (int k = 0; k < nm; k++) {
                    hRow[k] = (float) hRow[k];
                }
            }
            long hOff = (long) (t + 1) * n * ld;
            for (int j = 0; j < n; j++) {
                hs.put(hOff + (long) j * ld, hRow, j * m, m);
                if (half > 0) {
                    hs.put(hOff + (long) j * ld + m, hRow, j * m, half);
                }
                outputs[j * steps + t] = outputSum(hRow, j * m) * outScale;
            }
        }
        if (loss == null) {
            return Double.NaN;
        }
        boolean all = loss == Loss.ALL_STEPS;
        double scale = all ? 1.0 / rows : 1.0 / n;
        double sum = 0;
        for (int j = 0; j < n; j++) {
            for (int t = 0; t < steps; t++) {
                int q = j * steps + t;
                if (all || t == steps - 1) {
                    double r = outputs[q] - targets[q];
                    sum += r * r;
                    adjoint[q] = r * scale;
                } else {
                    adjoint[q] = 0.0;
                }
            }
        }
        return 0.5 * sum * scale;
    }

    /** Σ_i c_i h^i of one row, pair by pair for even m (an exact zero for mirrored halves). */
    double outputSum(double[] h, int base) {
        double s = 0;
        if (half > 0) {
            for (int i = 0; i < half; i++) {
                s += c[i] * h[base + i] + c[i + half] * h[base + i + half];
            }
        } else {
            for (int i = 0; i < m; i++) {
                s += c[i] * h[base + i];
            }
        }
        return s;
    }

    /**
     * BPTT after {@link #forward} with a loss: Δ_t overwrites z_t in zs, then ∂R̂/∂W = Σ_t Δ_tᵀ h_{t−1}
     * and ∂R̂/∂U = Σ_t Δ_tᵀ x_t, each one GEMM over all N rows, into gradW and gradU.
     * <pre>
     *   g_T = e_T c/√m,   g_t = e_t c/√m + Wᵀ Δ_{t+1},   Δ_t = g_t ⊙ σ'(z_t)
     * </pre>
     * (row form: G_t = E_t c/√m + Δ_{t+1} W).
     */
    void backward(Activation act) {
        double outScale = 1.0 / Math.sqrt(m);
        int nm = n * m;
        for (int t = steps - 1; t >= 0; t--) {
            if (t < steps - 1) {
                DenseBuffer.gemm(false, false, n, m, m, zs, (long) (t + 1) * nm, m, w, 0, m, 0.0, g, 0, m);
                g.get(0, gRow, 0, nm);
            } else {
                java.util.Arrays.fill(gRow, 0.0);
            }
            for (int j = 0; j < n; j++) {
                double e = adjoint[j * steps + t] * outScale;
                if (e != 0.0) {
                    int base = j * m;
                    for (int i = 0; i < m; i++) {
                        gRow[base + i] += e * c[i];
                    }
                }
            }
            deltaInPlace(act, t, gRow);
            zs.put((long) t * nm, gRow, 0, nm);
        }
        DenseBuffer.gemm(true, false, m, m, rows, zs, 0, m, hs, 0, ld, 0.0, gradW, 0, m);
        DenseBuffer.gemm(true, false, m, d, rows, zs, 0, m, x, 0, d, 0.0, gradU, 0, d);
    }

    /** g ← g ⊙ σ'(z_t) for step t's n×m block (g modified; reads zs and hs, which must still hold z_t, h_t). */
    void deltaInPlace(Activation act, int t, double[] gBlock) {
        int nm = n * m;
        if (act.hasDerivativeFromValue()) {
            long hOff = (long) (t + 1) * n * ld;
            for (int j = 0; j < n; j++) {
                hs.get(hOff + (long) j * ld, hRow, j * m, m);
            }
            if (act == Activations.tanh()) {
                for (int k = 0; k < nm; k++) {
                    double hv = hRow[k];
                    gBlock[k] *= 1.0 - hv * hv;
                }
            } else {
                for (int k = 0; k < nm; k++) {
                    gBlock[k] *= act.derivativeFromValue(hRow[k]);
                }
            }
        } else {
            zs.get((long) t * nm, zRow, 0, nm);
            for (int k = 0; k < nm; k++) {
                gBlock[k] *= act.derivative(zRow[k]);
            }
        }
    }

    /**
     * σ'(z_t) for the rows of sequences [j0, j1) at step t, b·m values row after row into {@code out}
     * (modified); reads zs and hs after a forward pass.
     */
    void derivativeRows(Activation act, int t, int j0, int j1, double[] out) {
        int b = j1 - j0;
        if (act.hasDerivativeFromValue()) {
            long hOff = (long) (t + 1) * n * ld;
            boolean tanh = act == Activations.tanh();
            for (int jj = 0; jj < b; jj++) {
                hs.get(hOff + (long) (j0 + jj) * ld, out, jj * m, m);
            }
            for (int k = 0; k < b * m; k++) {
                double hv = out[k];
                out[k] = tanh ? 1.0 - hv * hv : act.derivativeFromValue(hv);
            }
        } else {
            zs.get((long) t * n * m + (long) j0 * m, out, 0, b * m);
            for (int k = 0; k < b * m; k++) {
                out[k] = act.derivative(out[k]);
            }
        }
    }

    /** Downloads ∂R̂/∂W (m·m) and ∂R̂/∂U (m·d) (both modified). */
    void gradients(double[] gradWOut, double[] gradUOut) {
        gradW.get(0, gradWOut, 0, m * m);
        gradU.get(0, gradUOut, 0, m * d);
    }

    @Override
    public void close() {
        x.close();
        u.close();
        w.close();
        wRot.close();
        zs.close();
        hs.close();
        g.close();
        gradW.close();
        gradU.close();
    }
}

package org.rnntk.kernels.dense;

import org.rnntk.core.Activation;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.SequenceDataset;

/**
 * F(Θ0) and the Jacobian-vector product J(Θ0)·v of the dense network on one data set, for the
 * linearization F_lin(Θ) = F(Θ0) + J(Θ0)(Θ − Θ0) (docs/theory.md §5, §11). The forward tangent
 * pass, one GEMM triple per step over all n sequences:
 * <pre>
 *   ż_t = Ẇ h_{t−1} + W ḣ_{t−1} + U̇ x_t,   ḣ_t = σ'(z_t) ⊙ ż_t,   Ḟ_t = (1/√m) Σ_i c_i ḣ_t^i
 * </pre>
 * with h, z stored at Θ0. J is never formed. Not thread-safe: owned by one monitor.
 */
final class DenseTangent implements AutoCloseable {

    private final DenseRnn theta0;
    private final DenseWorkspace ws;
    private final DenseBuffer dW;
    private final DenseBuffer dU;
    private final DenseBuffer zDot;
    private final DenseBuffer hDot;
    private final double[] row;
    private final double[] deriv;
    private final double[] initialOutputs;

    DenseTangent(DenseRnn theta0, SequenceDataset data) {
        data.requireInputDim(theta0.inputDim(), "the model " + theta0);
        this.theta0 = theta0;
        this.ws = new DenseWorkspace(data, theta0.width(), true);
        int m = ws.m;
        int n = ws.n;
        this.dW = new DenseBuffer(true, (long) m * m);
        this.dU = new DenseBuffer(true, (long) m * ws.d);
        this.zDot = new DenseBuffer(true, (long) n * m);
        this.hDot = new DenseBuffer(true, (long) n * m);
        this.row = new double[n * m];
        this.deriv = new double[n * m];
        ws.load(theta0);
        ws.forward(theta0.activation(), null);
        this.initialOutputs = ws.outputs.clone();
    }

    /** F(Θ0), natural order j·T + t (a copy). */
    double[] initialOutputs() {
        return initialOutputs.clone();
    }

    /** F_lin(Θ) = F(Θ0) + J(Θ0)(Θ − Θ0), natural order j·T + t. */
    double[] linearized(DenseRnn theta) {
        int m = ws.m;
        int n = ws.n;
        int d = ws.d;
        int nm = n * m;
        double[] w = theta.w();
        double[] w0 = theta0.w();
        double[] u = theta.u();
        double[] u0 = theta0.u();
        for (int i = 0; i < w.length; i++) {
            w[i] -= w0[i];
        }
        for (int i = 0; i < u.length; i++) {
            u[i] -= u0[i];
        }
        dW.put(0, w, 0, w.length);
        dU.put(0, u, 0, u.length);
        Activation act = theta0.activation();
        double scale = 1.0 / Math.sqrt(m);
        double[] out = initialOutputs.clone();
        for (int t = 0; t < ws.steps; t++) {
            DenseBuffer.gemm(false, true, n, m, d, ws.x, (long) t * n * d, d, dU, 0, d, 0.0, zDot, 0, m);
            if (t > 0) {
                DenseBuffer.gemm(false, true, n, m, m, ws.hs, (long) t * n * ws.ld, ws.ld, dW, 0, m, 1.0, zDot, 0, m);
                DenseBuffer.gemm(false, true, n, m, m, hDot, 0, m, ws.w, 0, m, 1.0, zDot, 0, m);
            }
            zDot.get(0, row, 0, nm);
            ws.derivativeRows(act, t, 0, n, deriv);
            for (int k = 0; k < nm; k++) {
                row[k] *= deriv[k];
            }
            hDot.put(0, row, 0, nm);
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < m; i++) {
                    s += ws.c[i] * row[j * m + i];
                }
                out[j * ws.steps + t] += s * scale;
            }
        }
        return out;
    }

    @Override
    public void close() {
        ws.close();
        dW.close();
        dU.close();
        zDot.close();
        hDot.close();
    }
}

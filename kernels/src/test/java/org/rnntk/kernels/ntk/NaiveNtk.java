package org.rnntk.kernels.ntk;

import org.rnntk.core.Activation;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;

/**
 * The naive reference NTK: for each output q = (j, t) an explicit scalar backprop through time gives
 * ∇_Θ F_q (layout [w_0..w_{m−1}, U row-major]), and K is the table of dot products. Written straight
 * from docs/theory.md §1 and §4 with no code shared with the kernels or the sensitivities.
 */
final class NaiveNtk {

    private NaiveNtk() {
    }

    /** ∇_Θ F_t(X_j), length m(d + 1). */
    static double[] gradient(DiagonalRnn model, SequenceDataset data, int j, int t) {
        int m = model.width();
        int d = model.inputDim();
        Activation act = model.activation();
        double[][] z = new double[t + 1][m];
        double[][] h = new double[t + 1][m];
        for (int k = 0; k <= t; k++) {
            for (int i = 0; i < m; i++) {
                double v = k > 0 ? model.w(i) * h[k - 1][i] : 0.0;
                for (int l = 0; l < d; l++) {
                    v += model.u(i, l) * data.input(j, k, l);
                }
                z[k][i] = v;
                h[k][i] = act.value(v);
            }
        }
        double[] g = new double[m * (d + 1)];
        for (int i = 0; i < m; i++) {
            double adj = model.c(i) / Math.sqrt(m); // ∂F_t/∂h_t^i
            for (int k = t; k >= 0; k--) {
                double delta = adj * act.derivative(z[k][i]); // ∂F_t/∂z_k^i
                if (k > 0) {
                    g[i] += delta * h[k - 1][i];
                }
                for (int l = 0; l < d; l++) {
                    g[m + i * d + l] += delta * data.input(j, k, l);
                }
                adj = delta * model.w(i); // ∂F_t/∂h_{k−1}^i
            }
        }
        return g;
    }

    /** All output gradients of a data set in the mode's row order. */
    static double[][] jacobian(DiagonalRnn model, SequenceDataset data, Loss mode) {
        int n = data.size();
        int steps = data.timeSteps();
        double[][] rows = new double[(int) mode.outputCount(n, steps)][];
        for (int j = 0; j < n; j++) {
            if (mode == Loss.LAST_STEP) {
                rows[j] = gradient(model, data, j, steps - 1);
            } else {
                for (int t = 0; t < steps; t++) {
                    rows[j * steps + t] = gradient(model, data, j, t);
                }
            }
        }
        return rows;
    }

    /** K = J_a J_bᵀ. */
    static double[][] gram(DiagonalRnn model, SequenceDataset a, SequenceDataset b, Loss mode) {
        double[][] ja = jacobian(model, a, mode);
        double[][] jb = jacobian(model, b, mode);
        double[][] k = new double[ja.length][jb.length];
        for (int r = 0; r < ja.length; r++) {
            for (int c = 0; c < jb.length; c++) {
                double s = 0;
                for (int e = 0; e < ja[r].length; e++) {
                    s += ja[r][e] * jb[c][e];
                }
                k[r][c] = s;
            }
        }
        return k;
    }
}

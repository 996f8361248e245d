package org.rnntk.kernels.pl;

import java.util.Objects;

import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.RnnBackend;
import org.rnntk.core.Sensitivities;
import org.rnntk.core.SequenceDataset;

/**
 * The empirical NTK Gram J Jᵀ of the fitted outputs (docs/theory.md §5), built naively from the
 * forward-mode sensitivities: row q = (j, t) of J is ∇_Θ F_t(X_j) = (c_i a_t^i/√m ; c_i b_t^i/√m)
 * in the parameter order (w, U), and K = J Jᵀ, N²·p multiply-adds in plain Java. A naive
 * reference for the certificate tests; the library computes Grams with {@code org.rnntk.kernels.ntk}.
 */
final class JacobianGram {

    private JacobianGram() {
    }

    /**
     * J, N×p row-major (a new array), rows in the order q = j (LAST_STEP) or q = j·T + t (ALL_STEPS).
     */
    public static double[] jacobian(RnnBackend backend, DiagonalRnn model, SequenceDataset data, Loss loss) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(loss, "loss");
        Sensitivities s = backend.sensitivities(model, data);
        int n = data.size();
        int steps = data.timeSteps();
        int m = model.width();
        int d = model.inputDim();
        int p = m * (d + 1);
        int rows = (int) loss.outputCount(n, steps);
        long size = (long) rows * p;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the Jacobian of shape " + rows + " x " + p + " exceeds 2^31 elements;"
                    + " JacobianGram is for small problems");
        }
        double[] jac = new double[(int) size];
        double scale = 1.0 / Math.sqrt(m);
        int q = 0;
        for (int j = 0; j < n; j++) {
            for (int t = loss == Loss.LAST_STEP ? steps - 1 : 0; t < steps; t++) {
                int row = q * p;
                for (int i = 0; i < m; i++) {
                    double ci = model.c(i) * scale;
                    jac[row + i] = ci * s.a(j, t, i);
                    for (int k = 0; k < d; k++) {
                        jac[row + m + i * d + k] = ci * s.b(j, t, i, k);
                    }
                }
                q++;
            }
        }
        return jac;
    }

    /** K = J Jᵀ, N×N (a new array). */
    public static double[][] gram(RnnBackend backend, DiagonalRnn model, SequenceDataset data, Loss loss) {
        double[] jac = jacobian(backend, model, data, loss);
        int rows = (int) loss.outputCount(data.size(), data.timeSteps());
        int p = jac.length / rows;
        double[][] k = new double[rows][rows];
        for (int a = 0; a < rows; a++) {
            for (int b = 0; b <= a; b++) {
                double sum = 0;
                int oa = a * p;
                int ob = b * p;
                for (int i = 0; i < p; i++) {
                    sum += jac[oa + i] * jac[ob + i];
                }
                k[a][b] = sum;
                k[b][a] = sum;
            }
        }
        return k;
    }
}

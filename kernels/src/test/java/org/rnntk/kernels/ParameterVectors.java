package org.rnntk.kernels;

import java.util.Arrays;

import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Sensitivities;
import org.rnntk.core.SequenceDataset;

/** Θ = (w, u) as one flat vector (w_i at i, u_{i,k} at m + i·d + k), and the Jacobian of F in it. */
final class ParameterVectors {

    private ParameterVectors() {
    }

    static double[] flat(DiagonalRnn net) {
        double[] w = net.w();
        double[] u = net.u();
        double[] out = Arrays.copyOf(w, w.length + u.length);
        System.arraycopy(u, 0, out, w.length, u.length);
        return out;
    }

    /** The network with parameters theta (not modified). */
    static DiagonalRnn withFlat(DiagonalRnn net, double[] theta) {
        int m = net.width();
        return net.withParameters(Arrays.copyOfRange(theta, 0, m), Arrays.copyOfRange(theta, m, theta.length));
    }

    /** Rows ∇_Θ F_q(Θ), q = j·T + t, from the kernels' exact sensitivities: (c_i a_t^i, c_i b_t^i)/√m. */
    static double[][] jacobian(Nd4jBackend backend, DiagonalRnn net, SequenceDataset data) {
        Sensitivities s = backend.sensitivities(net, data);
        int m = net.width();
        int d = net.inputDim();
        int n = data.size();
        int steps = data.timeSteps();
        double[][] jac = new double[n * steps][m * (d + 1)];
        double scale = 1 / Math.sqrt(m);
        for (int j = 0; j < n; j++) {
            for (int t = 0; t < steps; t++) {
                double[] row = jac[j * steps + t];
                for (int i = 0; i < m; i++) {
                    row[i] = net.c(i) * s.a(j, t, i) * scale;
                    for (int k = 0; k < d; k++) {
                        row[m + i * d + k] = net.c(i) * s.b(j, t, i, k) * scale;
                    }
                }
            }
        }
        return jac;
    }
}

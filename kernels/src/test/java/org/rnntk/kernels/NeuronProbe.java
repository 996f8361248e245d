package org.rnntk.kernels;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.rnntk.core.Activation;

/**
 * One neuron of docs/theory.md §1 in plain scalar code, h_t(θ) with θ = (w, u_1..u_d), and its
 * first and second derivatives in θ by central finite differences only: an independent measurement
 * of the quantities the §7 lemmas bound (it shares no code with the kernels or the bounds).
 */
final class NeuronProbe {

    /** Central-difference step of first derivatives (truncation ~1e-12, rounding ~1e-10). */
    static final double STEP_1 = 1e-6;
    /** Step of second derivatives (truncation and rounding both ~1e-8 of the value's scale). */
    static final double STEP_2 = 1e-4;

    private final Activation act;

    NeuronProbe(Activation act) {
        this.act = act;
    }

    /**
     * h_t for θ = (w, u) and inputs x[s][k], s &lt; t.
     *
     * @param theta (w, u), not modified
     * @param x     the inputs, not modified
     */
    double h(double[] theta, double[][] x, int t) {
        double h = 0;
        for (int s = 0; s < t; s++) {
            double z = theta[0] * h;
            for (int k = 0; k < x[s].length; k++) {
                z += theta[k + 1] * x[s][k];
            }
            h = act.value(z);
        }
        return h;
    }

    /** ∇_θ h_t by central differences; theta and x not modified. */
    double[] gradient(double[] theta, double[][] x, int t) {
        double[] th = theta.clone();
        double[] g = new double[th.length];
        for (int i = 0; i < th.length; i++) {
            double keep = th[i];
            th[i] = keep + STEP_1;
            double plus = h(th, x, t);
            th[i] = keep - STEP_1;
            double minus = h(th, x, t);
            th[i] = keep;
            g[i] = (plus - minus) / (2 * STEP_1);
        }
        return g;
    }

    /** ∇²_θ h_t by central second differences (symmetric); theta and x not modified. */
    double[][] hessian(double[] theta, double[][] x, int t) {
        double[] th = theta.clone();
        int p = th.length;
        double[][] hess = new double[p][p];
        double e = STEP_2;
        double centre = h(th, x, t);
        for (int i = 0; i < p; i++) {
            double keep = th[i];
            th[i] = keep + e;
            double plus = h(th, x, t);
            th[i] = keep - e;
            double minus = h(th, x, t);
            th[i] = keep;
            hess[i][i] = (plus - 2 * centre + minus) / (e * e);
            for (int j = 0; j < i; j++) {
                double keepJ = th[j];
                double sum = 0;
                for (int si = -1; si <= 1; si += 2) {
                    for (int sj = -1; sj <= 1; sj += 2) {
                        th[i] = keep + si * e;
                        th[j] = keepJ + sj * e;
                        sum += si * sj * h(th, x, t);
                    }
                }
                th[i] = keep;
                th[j] = keepJ;
                hess[i][j] = sum / (4 * e * e);
                hess[j][i] = hess[i][j];
            }
        }
        return hess;
    }

    /** The spectral norm of a symmetric matrix (not modified). */
    static double spectralNorm(double[][] sym) {
        double best = 0;
        for (double ev : new EigenDecomposition(new Array2DRowRealMatrix(sym)).getRealEigenvalues()) {
            best = Math.max(best, Math.abs(ev));
        }
        return best;
    }

    static double norm(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i] * v[i];
        }
        return Math.sqrt(s);
    }
}

package org.rnntk.core.optim;

import org.rnntk.core.Checks;
import org.rnntk.core.Optimizer;

/**
 * Max-norm projected gradient descent around the initialization (docs/theory.md §3):
 * Θ(k+1) = Π_Ω[Θ(k) − η∇R̂(Θ(k))] with
 * <pre>
 *   Ω = { |w_i − w_i(0)| ≤ ρ_w/√m  and  ‖u_i − u_i(0)‖₂ ≤ ρ_u/√m  for every neuron i }.
 * </pre>
 * Ω is a product of per-neuron intervals and balls, so the Euclidean projection acts per neuron:
 * clip w_i − w_i(0) to ±ρ_w/√m and shrink u_i − u_i(0) radially to length ρ_u/√m when longer.
 * The centre is the initialization, not the origin.
 *
 * @param stepSize η &gt; 0
 * @param rhoW     ρ_w &gt; 0
 * @param rhoU     ρ_u &gt; 0
 */
public record ProjectedGradientDescent(double stepSize, double rhoW, double rhoU) implements Optimizer {

    /**
     * A point whose u-distance exceeds the radius by less than this relative amount is taken to be
     * on the boundary: the rounding of u0 + s(u − u0) would otherwise make a second projection move
     * it by one ulp, and the projection would not be idempotent in floating point.
     */
    private static final double BOUNDARY_SLACK = 1 + 1e-14;

    public ProjectedGradientDescent {
        Checks.positive("step size eta", stepSize);
        Checks.positive("radius rhoW", rhoW);
        Checks.positive("radius rhoU", rhoU);
    }

    @Override
    public void updateInPlace(double[] w, double[] u, double[] gradW, double[] gradU, double[] w0, double[] u0,
                              int inputDim) {
        for (int i = 0; i < w.length; i++) {
            w[i] -= stepSize * gradW[i];
        }
        for (int i = 0; i < u.length; i++) {
            u[i] -= stepSize * gradU[i];
        }
        projectInPlace(w, u, w0, u0, inputDim);
    }

    /**
     * The Euclidean projection onto Ω.
     *
     * @param w  length m (modified)
     * @param u  row-major m×d (modified)
     * @param w0 the centre's w (not modified)
     * @param u0 the centre's U (not modified)
     */
    public void projectInPlace(double[] w, double[] u, double[] w0, double[] u0, int inputDim) {
        int m = w.length;
        double sqrtM = Math.sqrt(m);
        double radiusW = rhoW / sqrtM;
        double radiusU = rhoU / sqrtM;
        for (int i = 0; i < m; i++) {
            double dw = w[i] - w0[i];
            if (dw > radiusW) {
                w[i] = w0[i] + radiusW;
            } else if (dw < -radiusW) {
                w[i] = w0[i] - radiusW;
            }
            int base = i * inputDim;
            double sq = 0;
            for (int k = 0; k < inputDim; k++) {
                double du = u[base + k] - u0[base + k];
                sq += du * du;
            }
            double norm = Math.sqrt(sq);
            if (norm > radiusU * BOUNDARY_SLACK) {
                double scale = radiusU / norm;
                for (int k = 0; k < inputDim; k++) {
                    u[base + k] = u0[base + k] + scale * (u[base + k] - u0[base + k]);
                }
            }
        }
    }

    /**
     * Whether (w, U) lies in Ω up to a relative slack {@code tolerance} on each radius (arrays not
     * modified).
     */
    public boolean contains(double[] w, double[] u, double[] w0, double[] u0, int inputDim, double tolerance) {
        int m = w.length;
        double radiusW = rhoW / Math.sqrt(m) * (1 + tolerance);
        double radiusU = rhoU / Math.sqrt(m) * (1 + tolerance);
        for (int i = 0; i < m; i++) {
            if (Math.abs(w[i] - w0[i]) > radiusW) {
                return false;
            }
            double sq = 0;
            for (int k = 0; k < inputDim; k++) {
                double du = u[i * inputDim + k] - u0[i * inputDim + k];
                sq += du * du;
            }
            if (Math.sqrt(sq) > radiusU) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String describe() {
        return "PGD(eta=" + stepSize + ", rhoW=" + rhoW + ", rhoU=" + rhoU + ")";
    }
}

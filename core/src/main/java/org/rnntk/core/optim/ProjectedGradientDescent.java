package org.rnntk.core.optim;

import org.rnntk.core.Checks;
import org.rnntk.core.Optimizer;
import org.rnntk.core.internal.Norms;

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
 * <p>The dense network ({@link org.rnntk.core.DenseRnn}, docs/theory.md §11): neuron i owns row i of
 * W (m numbers) and row i of U, and Ω constrains the two separately,
 * <pre>
 *   Ω = { ‖W_{i,:} − W_{i,:}(0)‖₂ ≤ ρ_w/√m  and  ‖u_i − u_i(0)‖₂ ≤ ρ_u/√m  for every neuron i },
 * </pre>
 * so each W-row is shrunk radially onto its ball like u_i. For a diagonal W the W-ball is the
 * interval above. Which shape applies is read from the array lengths: m = len(U)/d neurons and
 * r = len(W)/m recurrent weights per neuron (1 or m, {@link org.rnntk.core.RecurrentModel}).
 *
 * <p>Norms are computed without overflow (scaled as LAPACK's {@code dnrm2}), and a row whose
 * gradient step overflows is projected along the step's exact direction (Θ − Θ(0))/η − ∇R̂, so even
 * an absurd step size such as η = 1e300 lands on the boundary of Ω, never at its centre.
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
        int m = neurons(w, u, w0, u0, inputDim);
        int r = w.length / m;
        double sqrtM = Math.sqrt(m);
        for (int i = 0; i < m; i++) {
            if (r == 1) {
                // ±∞ from an overflowing step is clipped to the right end of the interval by the projection
                w[i] -= stepSize * gradW[i];
            } else {
                stepRow(w, w0, gradW, i * r, r, rhoW / sqrtM);
            }
            stepRow(u, u0, gradU, i * inputDim, inputDim, rhoU / sqrtM);
        }
        projectFinite(w, u, w0, u0, inputDim);
    }

    /**
     * v − ηg on one row. A row whose step overflows lies at distance ≈ ∞ from v0, so it projects onto
     * the sphere along v − ηg − v0 = η·s with s = (v − v0)/η − g, which is computed without overflow;
     * the row is then written there. A non-finite gradient leaves the non-finite step for the caller
     * to report.
     */
    private void stepRow(double[] v, double[] v0, double[] g, int base, int len, double radius) {
        boolean overflow = false;
        for (int k = 0; k < len; k++) {
            overflow |= Double.isInfinite(v[base + k] - stepSize * g[base + k]);
        }
        if (overflow) {
            double[] s = new double[len];
            for (int k = 0; k < len; k++) {
                s[k] = (v[base + k] - v0[base + k]) / stepSize - g[base + k];
            }
            double norm = Norms.distance(s, new double[len], 0, len);
            if (norm > 0 && Double.isFinite(norm)) {
                for (int k = 0; k < len; k++) {
                    v[base + k] = v0[base + k] + radius * (s[k] / norm);
                }
                return;
            }
        }
        for (int k = 0; k < len; k++) {
            v[base + k] -= stepSize * g[base + k];
        }
    }

    /**
     * The Euclidean projection onto Ω.
     *
     * @param w  the recurrent weights, m·r numbers, neuron-major: w (r = 1) or W row-major (r = m) (modified)
     * @param u  row-major m×d (modified)
     * @param w0 the centre's recurrent weights (not modified)
     * @param u0 the centre's U (not modified)
     * @throws IllegalArgumentException when the lengths do not describe m neurons of d inputs and
     *                                  r recurrent weights each, or an entry of w or u is not finite
     */
    public void projectInPlace(double[] w, double[] u, double[] w0, double[] u0, int inputDim) {
        for (int i = 0; i < w.length; i++) {
            Checks.finite("w[" + i + "]", w[i]);
        }
        for (int q = 0; q < u.length; q++) {
            Checks.finite("u[" + q + "]", u[q]);
        }
        projectFinite(w, u, w0, u0, inputDim);
    }

    /** The projection; a NaN entry is left as it is, for the training loop to report. */
    private void projectFinite(double[] w, double[] u, double[] w0, double[] u0, int inputDim) {
        int m = neurons(w, u, w0, u0, inputDim);
        int r = w.length / m;
        double sqrtM = Math.sqrt(m);
        double radiusW = rhoW / sqrtM;
        double radiusU = rhoU / sqrtM;
        for (int i = 0; i < m; i++) {
            if (r == 1) {
                double dw = w[i] - w0[i];
                if (dw > radiusW) {
                    w[i] = w0[i] + radiusW;
                } else if (dw < -radiusW) {
                    w[i] = w0[i] - radiusW;
                }
            } else {
                shrinkRow(w, w0, i * r, r, radiusW);
            }
            shrinkRow(u, u0, i * inputDim, inputDim, radiusU);
        }
    }

    /** Shrinks v[base, base+len) − v0[...] radially to length {@code radius} when longer (v modified). */
    private static void shrinkRow(double[] v, double[] v0, int base, int len, double radius) {
        double norm = Norms.distance(v, v0, base, len);
        if (norm > radius * BOUNDARY_SLACK) {
            if (norm < Double.POSITIVE_INFINITY) {
                double scale = radius / norm;
                for (int k = 0; k < len; k++) {
                    v[base + k] = v0[base + k] + scale * (v[base + k] - v0[base + k]);
                }
            } else {
                shrinkBeyondRange(v, v0, base, len, radius);
            }
        }
    }

    /**
     * ‖v − v0‖ exceeds {@link Double#MAX_VALUE} although every entry is finite: scale the halved
     * difference by its largest entry first, so no intermediate overflows.
     */
    private static void shrinkBeyondRange(double[] v, double[] v0, int base, int len, double radius) {
        double big = 0;
        for (int k = 0; k < len; k++) {
            big = Math.max(big, Math.abs(0.5 * v[base + k] - 0.5 * v0[base + k]));
        }
        double[] s = new double[len];
        for (int k = 0; k < len; k++) {
            s[k] = (0.5 * v[base + k] - 0.5 * v0[base + k]) / big;
        }
        double norm = Norms.distance(s, new double[len], 0, len);
        for (int k = 0; k < len; k++) {
            v[base + k] = v0[base + k] + radius * (s[k] / norm);
        }
    }

    /** m, after checking that the lengths describe m neurons with d inputs and r recurrent weights each. */
    private static int neurons(double[] w, double[] u, double[] w0, double[] u0, int inputDim) {
        Checks.positive("input dimension d", inputDim);
        if (u.length == 0 || u.length % inputDim != 0) {
            throw new IllegalArgumentException("u has length " + u.length + ", not a positive multiple of d = "
                    + inputDim);
        }
        int m = u.length / inputDim;
        if (w.length % m != 0 || (w.length != m && w.length != (long) m * m)) {
            throw new IllegalArgumentException("recurrent weights have length " + w.length + " but m = " + m
                    + " neurons require m (diagonal W) or m*m (dense W)");
        }
        Checks.length("w0", w0, w.length, "the recurrent weights' length");
        Checks.length("u0", u0, u.length, "u's length");
        return m;
    }

    /**
     * Whether (w, U) lies in Ω up to a relative slack {@code tolerance} on each radius (arrays not
     * modified); the recurrent weights may be diagonal (length m) or dense (m·m), as in
     * {@link #projectInPlace}.
     */
    public boolean contains(double[] w, double[] u, double[] w0, double[] u0, int inputDim, double tolerance) {
        int m = neurons(w, u, w0, u0, inputDim);
        int r = w.length / m;
        double radiusW = rhoW / Math.sqrt(m) * (1 + tolerance);
        double radiusU = rhoU / Math.sqrt(m) * (1 + tolerance);
        for (int i = 0; i < m; i++) {
            if (rowDistance(w, w0, i * r, r) > radiusW || rowDistance(u, u0, i * inputDim, inputDim) > radiusU) {
                return false;
            }
        }
        return true;
    }

    private static double rowDistance(double[] v, double[] v0, int base, int len) {
        return Norms.distance(v, v0, base, len);
    }

    @Override
    public String describe() {
        return "PGD(eta=" + stepSize + ", rhoW=" + rhoW + ", rhoU=" + rhoU + ")";
    }
}

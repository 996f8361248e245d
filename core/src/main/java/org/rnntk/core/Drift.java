package org.rnntk.core;

import org.rnntk.core.internal.Norms;

/**
 * Per-neuron distance from the initialization in the units of the projection radii
 * (docs/theory.md §3, §5): √m·|w_i − w_i(0)| and √m·‖u_i − u_i(0)‖₂, summarized by max and mean
 * over neurons. PGD keeps {@code maxW ≤ ρ_w} and {@code maxU ≤ ρ_u}. For the dense network
 * (docs/theory.md §11) the w-drift of neuron i is √m·‖W_{i,:} − W_{i,:}(0)‖₂, the distance of its
 * row of W. The norms are computed without overflow in their squares, so a huge but finite drift
 * is reported as such, not as ∞.
 */
public record Drift(double maxW, double meanW, double maxU, double meanU) implements java.io.Serializable {

    private static final long serialVersionUID = 1L;


    /**
     * The drift of (w, U) from (w0, U0); arrays not modified. The recurrent weights are w (length m)
     * or a dense W (row-major m×m): m is read from U's length, m = len(U)/d.
     */
    public static Drift between(double[] w, double[] u, double[] w0, double[] u0, int inputDim) {
        int m = u.length / inputDim;
        if (m == 0 || (w.length != m && w.length != (long) m * m)) {
            throw new IllegalArgumentException("recurrent weights have length " + w.length + " but u of length "
                    + u.length + " with d = " + inputDim + " requires m or m*m");
        }
        int r = w.length / m;
        double sqrtM = Math.sqrt(m);
        double maxW = 0;
        double sumW = 0;
        double maxU = 0;
        double sumU = 0;
        for (int i = 0; i < m; i++) {
            double dw = r == 1 ? sqrtM * Math.abs(w[i] - w0[i]) : sqrtM * Norms.distance(w, w0, i * r, r);
            maxW = Math.max(maxW, dw);
            sumW += dw;
            double du = sqrtM * Norms.distance(u, u0, i * inputDim, inputDim);
            maxU = Math.max(maxU, du);
            sumU += du;
        }
        return new Drift(maxW, sumW / m, maxU, sumU / m);
    }

    /** The drift of {@code current} from {@code initial} (same shapes), for either kind of model. */
    public static <M extends RecurrentModel<M>> Drift between(M current, M initial) {
        if (current.width() != initial.width() || current.inputDim() != initial.inputDim()) {
            throw new IllegalArgumentException("cannot measure drift between " + current + " and " + initial
                    + ": shapes differ");
        }
        return between(current.recurrentWeights(), current.u(), initial.recurrentWeights(), initial.u(),
                current.inputDim());
    }
}

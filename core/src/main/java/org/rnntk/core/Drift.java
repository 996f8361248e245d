package org.rnntk.core;

/**
 * Per-neuron distance from the initialization in the units of the projection radii
 * (docs/theory.md §3, §5): √m·|w_i − w_i(0)| and √m·‖u_i − u_i(0)‖₂, summarized by max and mean
 * over neurons. PGD keeps {@code maxW ≤ ρ_w} and {@code maxU ≤ ρ_u}.
 */
public record Drift(double maxW, double meanW, double maxU, double meanU) {

    /** The drift of (w, U) from (w0, U0); arrays not modified. */
    public static Drift between(double[] w, double[] u, double[] w0, double[] u0, int inputDim) {
        int m = w.length;
        double sqrtM = Math.sqrt(m);
        double maxW = 0;
        double sumW = 0;
        double maxU = 0;
        double sumU = 0;
        for (int i = 0; i < m; i++) {
            double dw = sqrtM * Math.abs(w[i] - w0[i]);
            maxW = Math.max(maxW, dw);
            sumW += dw;
            double sq = 0;
            for (int k = 0; k < inputDim; k++) {
                double du = u[i * inputDim + k] - u0[i * inputDim + k];
                sq += du * du;
            }
            double du = sqrtM * Math.sqrt(sq);
            maxU = Math.max(maxU, du);
            sumU += du;
        }
        return new Drift(maxW, sumW / m, maxU, sumU / m);
    }

    /** The drift of {@code current} from {@code initial} (same shapes). */
    public static Drift between(DiagonalRnn current, DiagonalRnn initial) {
        if (current.width() != initial.width() || current.inputDim() != initial.inputDim()) {
            throw new IllegalArgumentException("cannot measure drift between " + current + " and " + initial
                    + ": shapes differ");
        }
        return between(current.w(), current.u(), initial.w(), initial.u(), current.inputDim());
    }
}

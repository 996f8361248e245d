package org.rnntk.core.data;

import java.util.Locale;

import org.apache.commons.math3.random.RandomGenerator;
import org.rnntk.core.Checks;

/**
 * The transport maps of a {@link ReferenceClassTeacher} (docs/theory.md §8):
 * <pre>
 *   v_w(w, u) = ν̄_w sin(⟨g_w, u⟩ + κ_w w)          so  sup |v_w| ≤ ν̄_w
 *   v_u(w, u) = ν̄_u cos(⟨g_u, u⟩ + κ_u w) e        so  sup ‖v_u‖₂ ≤ ν̄_u   (‖e‖₂ = 1)
 * </pre>
 * Smooth and bounded, with the sup-norms the bounds need known exactly. The choice sin for v_w and
 * cos for v_u keeps f from vanishing by symmetry for odd σ: u ↦ −u flips the sign of a_t and keeps
 * b_t, so the odd part of v_w and the even part of v_u are the ones that survive the expectation.
 * sin and cos are {@link StrictMath}'s, reproducible across JDKs.
 *
 * <p>Arrays are copied in and out.
 *
 * @param nuBarW ν̄_w ≥ 0
 * @param nuBarU ν̄_u ≥ 0
 * @param gW     g_w ∈ R^d, finite
 * @param gU     g_u ∈ R^d, finite
 * @param e      the unit direction e ∈ R^d of v_u
 * @param kappaW κ_w, finite
 * @param kappaU κ_u, finite
 */
public record TransportMaps(double nuBarW, double nuBarU, double[] gW, double[] gU, double[] e, double kappaW,
                            double kappaU) {

    /** Tolerance on ‖e‖₂ = 1, a few ulps of the normalization. */
    private static final double UNIT_TOL = 1e-12;

    public TransportMaps {
        Checks.nonNegative("nuBarW", nuBarW);
        Checks.nonNegative("nuBarU", nuBarU);
        Checks.finite("kappaW", kappaW);
        Checks.finite("kappaU", kappaU);
        if (gW == null || gU == null || e == null) {
            throw new IllegalArgumentException("gW, gU and e must not be null");
        }
        Checks.length("gU", gU, gW.length, "the input dimension of gW, d = " + gW.length);
        Checks.length("e", e, gW.length, "the input dimension of gW, d = " + gW.length);
        Checks.allFinite("gW", gW);
        Checks.allFinite("gU", gU);
        Checks.allFinite("e", e);
        double norm = Draws.norm(e, 0, e.length);
        if (Math.abs(norm - 1) > UNIT_TOL) {
            throw new IllegalArgumentException("direction e has norm " + norm + " but must be a unit vector");
        }
        gW = gW.clone();
        gU = gU.clone();
        e = e.clone();
    }

    /**
     * Draws g_w, g_u ~ N(0, I_d/(s²d)) (so ⟨g, u⟩ has variance ≈ 1 under u ~ N(0, s² I_d)), e
     * uniform on the unit sphere, κ_w, κ_u ~ Uniform[−1, 1], in this order.
     *
     * @param rng advanced by the draws (modified)
     */
    static TransportMaps draw(RandomGenerator rng, int d, double inputScale, double nuBarW, double nuBarU) {
        double gScale = 1.0 / (inputScale * Math.sqrt(d));
        double[] gW = new double[d];
        double[] gU = new double[d];
        for (int k = 0; k < d; k++) {
            gW[k] = gScale * rng.nextGaussian();
        }
        for (int k = 0; k < d; k++) {
            gU[k] = gScale * rng.nextGaussian();
        }
        double[] e = Draws.unitVector(rng, d);
        double kappaW = 2 * rng.nextDouble() - 1;
        double kappaU = 2 * rng.nextDouble() - 1;
        return new TransportMaps(nuBarW, nuBarU, gW, gU, e, kappaW, kappaU);
    }

    /** d. */
    public int inputDim() {
        return gW.length;
    }

    @Override
    public double[] gW() {
        return gW.clone();
    }

    @Override
    public double[] gU() {
        return gU.clone();
    }

    @Override
    public double[] e() {
        return e.clone();
    }

    /** v_w(w, u); u has length d (not modified). */
    public double valueW(double w, double[] u) {
        Checks.length("u", u, gW.length, "d = " + gW.length);
        return valueW(w, u, 0);
    }

    /** v_u(w, u) as a new array of length d; u has length d (not modified). */
    public double[] valueU(double w, double[] u) {
        Checks.length("u", u, gW.length, "d = " + gW.length);
        double coefficient = coefficientU(w, u, 0);
        double[] out = new double[e.length];
        for (int k = 0; k < e.length; k++) {
            out[k] = coefficient * e[k];
        }
        return out;
    }

    /** v_w(w, u) with u = u[from..from+d) (not modified). */
    double valueW(double w, double[] u, int from) {
        return nuBarW * StrictMath.sin(Draws.dot(gW, 0, u, from, gW.length) + kappaW * w);
    }

    /** The scalar c with v_u(w, u) = c e, for u = u[from..from+d) (not modified). */
    double coefficientU(double w, double[] u, int from) {
        return nuBarU * StrictMath.cos(Draws.dot(gU, 0, u, from, gU.length) + kappaU * w);
    }

    /** e_k without copying. */
    double e(int k) {
        return e[k];
    }

    /** A one-line summary. */
    public String describe() {
        return String.format(Locale.ROOT,
                "v_w = %s sin(<g_w,u> + %.4f w), v_u = %s cos(<g_u,u> + %.4f w) e, d=%d",
                nuBarW, kappaW, nuBarU, kappaU, gW.length);
    }
}

package org.rnntk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.optim.ProjectedGradientDescent;

/** The projection onto Ω (docs/theory.md §3) is the exact Euclidean projection. */
class ProjectionTest {

    private static final double TOL = 1e-12;
    private static final int M = 16;
    private static final int D = 3;

    private final ProjectedGradientDescent pgd = Optimizers.projected(0.1, 0.8, 1.5);
    private final Random rng = new Random(2024);

    private double[] gaussian(int size, double scale) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = scale * rng.nextGaussian();
        }
        return v;
    }

    @Test
    void projectedNeuronsLandOnTheBoundaryAlongTheirDirection() {
        double radiusW = 0.8 / Math.sqrt(M);
        double radiusU = 1.5 / Math.sqrt(M);
        for (int trial = 0; trial < 50; trial++) {
            double[] w0 = gaussian(M, 1);
            double[] u0 = gaussian(M * D, 1);
            double[] w = w0.clone();
            double[] u = u0.clone();
            double[] dw = gaussian(M, 1);
            double[] du = gaussian(M * D, 1);
            for (int i = 0; i < M; i++) {
                w[i] += dw[i];
            }
            for (int q = 0; q < M * D; q++) {
                u[q] += du[q];
            }
            pgd.projectInPlace(w, u, w0, u0, D);
            for (int i = 0; i < M; i++) {
                double expectedW = Math.abs(dw[i]) <= radiusW ? w0[i] + dw[i] : w0[i] + Math.copySign(radiusW, dw[i]);
                assertEquals(expectedW, w[i], TOL);
                double norm = 0;
                for (int k = 0; k < D; k++) {
                    norm += du[i * D + k] * du[i * D + k];
                }
                norm = Math.sqrt(norm);
                double scale = norm <= radiusU ? 1 : radiusU / norm;
                for (int k = 0; k < D; k++) {
                    assertEquals(u0[i * D + k] + scale * du[i * D + k], u[i * D + k], TOL);
                }
            }
            assertTrue(pgd.contains(w, u, w0, u0, D, 1e-12));
        }
    }

    @Test
    void projectionIsIdempotentAndKeepsInteriorPointsUnchanged() {
        double[] w0 = gaussian(M, 1);
        double[] u0 = gaussian(M * D, 1);
        double[] w = w0.clone();
        double[] u = u0.clone();
        for (int i = 0; i < M; i++) {
            w[i] += 0.5 * rng.nextGaussian();
        }
        for (int q = 0; q < M * D; q++) {
            u[q] += 0.5 * rng.nextGaussian();
        }
        pgd.projectInPlace(w, u, w0, u0, D);
        double[] w1 = w.clone();
        double[] u1 = u.clone();
        pgd.projectInPlace(w, u, w0, u0, D);
        assertArrayEquals(w1, w);
        assertArrayEquals(u1, u);

        double[] inside = w0.clone();
        double[] insideU = u0.clone();
        inside[3] += 0.1 / Math.sqrt(M);
        insideU[5] -= 0.2 / Math.sqrt(M);
        double[] keepW = inside.clone();
        double[] keepU = insideU.clone();
        pgd.projectInPlace(inside, insideU, w0, u0, D);
        assertArrayEquals(keepW, inside);
        assertArrayEquals(keepU, insideU);
    }

    @Test
    void projectionIsTheClosestPointOfOmega() {
        // Against random feasible points: none is closer to the original point than its projection.
        double[] w0 = gaussian(M, 1);
        double[] u0 = gaussian(M * D, 1);
        double[] w = w0.clone();
        double[] u = u0.clone();
        for (int i = 0; i < M; i++) {
            w[i] += rng.nextGaussian();
        }
        for (int q = 0; q < M * D; q++) {
            u[q] += rng.nextGaussian();
        }
        double[] pw = w.clone();
        double[] pu = u.clone();
        pgd.projectInPlace(pw, pu, w0, u0, D);
        double best = distance(w, u, pw, pu);
        for (int trial = 0; trial < 2000; trial++) {
            double[] qw = w0.clone();
            double[] qu = u0.clone();
            for (int i = 0; i < M; i++) {
                qw[i] += 0.8 / Math.sqrt(M) * (2 * rng.nextDouble() - 1);
            }
            for (int q = 0; q < M * D; q++) {
                qu[q] += 2 * rng.nextDouble() - 1;
            }
            pgd.projectInPlace(qw, qu, w0, u0, D);
            assertTrue(distance(w, u, qw, qu) >= best - TOL);
        }
    }

    private static double distance(double[] w, double[] u, double[] qw, double[] qu) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += (w[i] - qw[i]) * (w[i] - qw[i]);
        }
        for (int i = 0; i < u.length; i++) {
            s += (u[i] - qu[i]) * (u[i] - qu[i]);
        }
        return Math.sqrt(s);
    }

    /** Expected u after projecting u0 + t·dir with t huge: u0 + ρ_u/√m · dir/‖dir‖. */
    private static void assertOnBoundaryAlong(double[] dir, double[] u, double[] u0, int neuron, double radiusU) {
        double n = 0;
        for (int k = 0; k < D; k++) {
            n += dir[k] * dir[k];
        }
        n = Math.sqrt(n);
        for (int k = 0; k < D; k++) {
            assertEquals(u0[neuron * D + k] + radiusU * dir[k] / n, u[neuron * D + k], TOL);
        }
    }

    @Test
    void hugeDisplacementsProjectOntoTheBoundaryNotTheCentre() {
        // ‖du‖² overflows (1e300² = ∞) though every entry is finite; a plain norm would give scale 0.
        double radiusU = 1.5 / Math.sqrt(M);
        double[] w0 = gaussian(M, 1);
        double[] u0 = gaussian(M * D, 1);
        double[] w = w0.clone();
        double[] u = u0.clone();
        double[] dir = {3, -4, 12};
        for (int k = 0; k < D; k++) {
            u[k] = u0[k] + 1e300 * dir[k];
        }
        w[0] = 1e300;
        // u − u0 itself overflows for neuron 1 (1.5e308 − (−1.5e308)).
        double[] u0Far = u0.clone();
        u0Far[D] = -1.5e308;
        u0Far[D + 1] = 0;
        u0Far[D + 2] = 0;
        u[D] = 1.5e308;
        u[D + 1] = 1e308;
        u[D + 2] = u0Far[D + 2];
        pgd.projectInPlace(w, u, w0, u0Far, D);
        assertEquals(w0[0] + 0.8 / Math.sqrt(M), w[0], TOL);
        assertOnBoundaryAlong(dir, u, u0Far, 0, radiusU);
        // the difference (3e308, 1e308, 0): direction (3, 1, 0)/√10, recovered from the halves
        assertEquals(-1.5e308 + radiusU * 3 / Math.sqrt(10), u[D], Math.ulp(1.5e308));
        assertEquals(radiusU / Math.sqrt(10), u[D + 1] - u0Far[D + 1], TOL);
        assertEquals(u0Far[D + 2], u[D + 2]);
        double[] drift = {u[0] - u0Far[0], u[1] - u0Far[1], u[2] - u0Far[2]};
        assertEquals(radiusU, Math.sqrt(drift[0] * drift[0] + drift[1] * drift[1] + drift[2] * drift[2]), TOL);
    }

    @Test
    void anAbsurdStepSizeLandsOnTheBoundaryAgainstTheGradient() {
        // η = 1e300 with moderate gradients (step finite, its square overflows) and with large ones
        // (the step u − ηg itself overflows): both land at u0 − ρ_u/√m · g/‖g‖, w at w0 ∓ ρ_w/√m.
        double radiusU = 1.5 / Math.sqrt(M);
        double radiusW = 0.8 / Math.sqrt(M);
        for (double gradScale : new double[]{1, 1e10}) {
            ProjectedGradientDescent huge = Optimizers.projected(1e300, 0.8, 1.5);
            double[] w0 = gaussian(M, 1);
            double[] u0 = gaussian(M * D, 1);
            double[] w = w0.clone();
            double[] u = u0.clone();
            double[] gw = gaussian(M, gradScale);
            double[] gu = gaussian(M * D, gradScale);
            huge.updateInPlace(w, u, gw, gu, w0, u0, D);
            for (int i = 0; i < M; i++) {
                assertEquals(w0[i] - Math.copySign(radiusW, gw[i]), w[i], TOL, "w, gradient scale " + gradScale);
                double[] minusG = {-gu[i * D], -gu[i * D + 1], -gu[i * D + 2]};
                assertOnBoundaryAlong(minusG, u, u0, i, radiusU);
            }
            assertTrue(huge.contains(w, u, w0, u0, D, 1e-12));
            Drift drift = Drift.between(w, u, w0, u0, D);
            assertEquals(1.5, drift.maxU(), 1e-12);
            assertEquals(1.5, drift.meanU(), 1e-12);
        }
    }

    @Test
    void anAbsurdStepOnADenseWLandsEachRowOnItsSphere() {
        // dense W (row-major m x m): each W-row and each u-row ends at its centre − radius · g/‖g‖.
        ProjectedGradientDescent huge = Optimizers.projected(1e300, 0.8, 1.5);
        double radiusW = 0.8 / Math.sqrt(M);
        double radiusU = 1.5 / Math.sqrt(M);
        for (double gradScale : new double[]{1, 1e10}) {
            double[] w0 = gaussian(M * M, 1);
            double[] u0 = gaussian(M * D, 1);
            double[] w = w0.clone();
            double[] u = u0.clone();
            double[] gw = gaussian(M * M, gradScale);
            double[] gu = gaussian(M * D, gradScale);
            huge.updateInPlace(w, u, gw, gu, w0, u0, D);
            for (int i = 0; i < M; i++) {
                double n = 0;
                for (int k = 0; k < M; k++) {
                    n += gw[i * M + k] * gw[i * M + k];
                }
                n = Math.sqrt(n);
                for (int k = 0; k < M; k++) {
                    assertEquals(w0[i * M + k] - radiusW * gw[i * M + k] / n, w[i * M + k], TOL);
                }
                assertOnBoundaryAlong(new double[]{-gu[i * D], -gu[i * D + 1], -gu[i * D + 2]}, u, u0, i, radiusU);
            }
            Drift drift = Drift.between(w, u, w0, u0, D);
            assertEquals(0.8, drift.maxW(), 1e-12);
            assertEquals(0.8, drift.meanW(), 1e-12);
        }
    }

    @Test
    void driftOfAHugeStepIsFiniteNotInfinity() {
        double[] w0 = new double[M];
        double[] u0 = new double[M * D];
        double[] w = w0.clone();
        double[] u = u0.clone();
        u[0] = 3e200;
        u[1] = 4e200;
        Drift drift = Drift.between(w, u, w0, u0, D);
        assertEquals(Math.sqrt(M) * 5e200, drift.maxU(), 1e186);
        u[0] = 3e-200;
        u[1] = 4e-200;
        assertEquals(Math.sqrt(M) * 5e-200, Drift.between(w, u, w0, u0, D).maxU(), 1e-214);
    }

    @Test
    void nonFiniteInputsToTheProjectionAreRejected() {
        double[] w0 = new double[M];
        double[] u0 = new double[M * D];
        double[] u = u0.clone();
        u[4] = Double.POSITIVE_INFINITY;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pgd.projectInPlace(w0.clone(), u, w0, u0, D));
        assertTrue(e.getMessage().contains("u[4] (Infinity) must be finite"), e.getMessage());
    }

    @Test
    void nonPositiveRadiiAndStepsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.projected(0.1, 0, 1));
        assertTrue(e.getMessage().contains("rhoW (0.0)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Optimizers.projected(0.1, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.projected(0, 1, 1));
        IllegalArgumentException eta = assertThrows(IllegalArgumentException.class, () -> Optimizers.gradientDescent(-1));
        assertTrue(eta.getMessage().contains("step size eta (-1.0)"), eta.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Optimizers.gradientDescent(Double.POSITIVE_INFINITY));
    }
}

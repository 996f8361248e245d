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

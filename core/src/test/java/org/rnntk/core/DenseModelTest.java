package org.rnntk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.optim.ProjectedGradientDescent;

/**
 * The dense network's model, its mirrored initialization and the per-neuron row projection of
 * projected GD (docs/theory.md §11).
 */
class DenseModelTest {

    private static final double TOL = 1e-12;

    @Test
    void mirroredInitializationHasTheStatedStructureAndIsReproducible() {
        for (DenseLaw law : DenseLaw.values()) {
            for (int m : new int[] {2, 8, 40}) {
                DenseRnn a = Initializers.mirroredDense(0.9, law, 77).initialize(m, 3, Activations.tanh());
                DenseRnn b = Initializers.mirroredDense(0.9, law, 77).initialize(m, 3, Activations.tanh());
                assertEquals(a, b, "same seed, same bits");
                assertArrayEquals(a.w(), b.w(), 0.0);
                DenseRnn other = Initializers.mirroredDense(0.9, law, 78).initialize(m, 3, Activations.tanh());
                assertNotEquals(a, other);
                int h = m / 2;
                for (int i = 0; i < h; i++) {
                    assertEquals(-a.c(i), a.c(i + h), 0.0);
                    for (int k = 0; k < 3; k++) {
                        assertEquals(a.u(i, k), a.u(i + h, k), 0.0);
                    }
                    for (int k = 0; k < h; k++) {
                        assertEquals(a.w(i, k), a.w(i + h, k + h), 0.0, "W = diag(A, A)");
                        assertEquals(0.0, a.w(i, k + h), 0.0);
                        assertEquals(0.0, a.w(i + h, k), 0.0);
                    }
                }
            }
        }
    }

    /** ORTHOGONAL: AᵀA = ρ²I, so every singular value and every eigenvalue modulus of A is ρ. */
    @Test
    void orthogonalBlockHasSpectralRadiusRho() {
        double rho = 1.7;
        int m = 30;
        int h = m / 2;
        DenseRnn net = Initializers.mirroredDense(rho, DenseLaw.ORTHOGONAL, 5).initialize(m, 2, Activations.tanh());
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) {
                double s = 0;
                for (int k = 0; k < h; k++) {
                    s += net.w(k, i) * net.w(k, j);
                }
                assertEquals(i == j ? rho * rho : 0.0, s, TOL, "(AᵀA)[" + i + "][" + j + "]");
            }
        }
    }

    /** GAUSSIAN: entries of variance ρ²/h (checked on the sample variance of a large block). */
    @Test
    void gaussianBlockHasTheStatedVariance() {
        double rho = 0.8;
        int m = 400;
        int h = m / 2;
        DenseRnn net = Initializers.mirroredDense(rho, DenseLaw.GAUSSIAN, 6).initialize(m, 1, Activations.tanh());
        double s = 0;
        for (int i = 0; i < h; i++) {
            for (int k = 0; k < h; k++) {
                s += net.w(i, k) * net.w(i, k);
            }
        }
        double variance = s / ((double) h * h);
        // h² = 40 000 draws: the sample variance is within 3 % of ρ²/h with overwhelming probability.
        assertEquals(rho * rho / h, variance, 0.03 * rho * rho / h);
    }

    @Test
    void diagonalRoundTrip() {
        DiagonalRnn diag = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 3).initialize(6, 2, Activations.tanh());
        DenseRnn dense = DenseRnn.of(diag);
        assertTrue(dense.isDiagonal());
        assertEquals(diag, dense.toDiagonal());
        assertEquals(6 * (6 + 2), dense.parameterCount());
        assertEquals(6, dense.recurrentWeightsPerNeuron());
        assertEquals(1, diag.recurrentWeightsPerNeuron());
        assertArrayEquals(diag.w(), diag.recurrentWeights(), 0.0);
        double[] w = dense.w();
        w[1] = 0.1;
        DenseRnn offDiagonal = dense.withParameters(w, dense.u());
        assertFalse(offDiagonal.isDiagonal());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, offDiagonal::toDiagonal);
        assertTrue(e.getMessage().contains("off-diagonal"), e.getMessage());
    }

    /**
     * PGD on a dense W: each neuron's W-row and u-row end within ρ_w/√m and ρ_u/√m of the centre,
     * rows already inside are untouched, rows outside land on the boundary along their direction,
     * and the projection is idempotent.
     */
    @Test
    void denseProjectionKeepsEveryNeuronWithinItsRadii() {
        Random rng = new Random(31);
        int m = 12;
        int d = 3;
        double rhoW = 0.7;
        double rhoU = 1.1;
        ProjectedGradientDescent pgd = Optimizers.projected(0.1, rhoW, rhoU);
        for (int trial = 0; trial < 40; trial++) {
            double[] w0 = gaussian(rng, m * m, 1);
            double[] u0 = gaussian(rng, m * d, 1);
            double[] w = w0.clone();
            double[] u = u0.clone();
            double stepScale = trial % 2 == 0 ? 0.05 : 1.0;
            double[] dw = gaussian(rng, m * m, stepScale);
            double[] du = gaussian(rng, m * d, stepScale);
            for (int i = 0; i < w.length; i++) {
                w[i] += dw[i];
            }
            for (int i = 0; i < u.length; i++) {
                u[i] += du[i];
            }
            double[] before = w.clone();
            pgd.projectInPlace(w, u, w0, u0, d);
            assertTrue(pgd.contains(w, u, w0, u0, d, 1e-12));
            double radius = rhoW / Math.sqrt(m);
            for (int i = 0; i < m; i++) {
                double sqBefore = 0;
                double sqAfter = 0;
                for (int k = 0; k < m; k++) {
                    sqBefore += dw[i * m + k] * dw[i * m + k];
                    double a = w[i * m + k] - w0[i * m + k];
                    sqAfter += a * a;
                }
                double normBefore = Math.sqrt(sqBefore);
                if (normBefore <= radius) {
                    for (int k = 0; k < m; k++) {
                        assertEquals(before[i * m + k], w[i * m + k], 0.0, "inside: untouched");
                    }
                } else {
                    assertEquals(radius, Math.sqrt(sqAfter), TOL, "on the boundary");
                    for (int k = 0; k < m; k++) {
                        assertEquals(dw[i * m + k] * radius / normBefore, w[i * m + k] - w0[i * m + k], TOL,
                                "along the direction");
                    }
                }
            }
            Drift drift = Drift.between(w, u, w0, u0, d);
            assertTrue(drift.maxW() <= rhoW * (1 + 1e-12), "drift " + drift);
            assertTrue(drift.maxU() <= rhoU * (1 + 1e-12), "drift " + drift);
            double[] w2 = w.clone();
            double[] u2 = u.clone();
            pgd.projectInPlace(w2, u2, w0, u0, d);
            assertArrayEquals(w, w2, 0.0, "idempotent");
            assertArrayEquals(u, u2, 0.0, "idempotent");
        }
    }

    /**
     * The contract of {@code OptimizerContractTest} on dense-shaped arrays: one step of GD or PGD on
     * ½‖Θ − Θ*‖² with Θ* feasible never moves farther from Θ*, and a zero gradient is a fixed point.
     */
    @Test
    void onDenseArraysAStepNeverMovesAwayFromAFeasibleMinimizer() {
        Random rng = new Random(41);
        int m = 6;
        int d = 2;
        Optimizer[] optimizers = {Optimizers.gradientDescent(0.7), Optimizers.projected(0.7, 1, 1),
            Optimizers.projected(1.3, 0.3, 2)};
        for (Optimizer opt : optimizers) {
            for (int k = 0; k < 30; k++) {
                double[] w0 = gaussian(rng, m * m, 1);
                double[] u0 = gaussian(rng, m * d, 1);
                // Θ* within 0.1/√m of Θ(0) per row: inside every Ω above.
                double[] ws = w0.clone();
                double[] us = u0.clone();
                for (int i = 0; i < ws.length; i++) {
                    ws[i] += 0.05 / m * (2 * rng.nextDouble() - 1);
                }
                for (int i = 0; i < us.length; i++) {
                    us[i] += 0.05 / Math.sqrt(m * d) * (2 * rng.nextDouble() - 1);
                }
                double[] w = gaussian(rng, m * m, 1);
                double[] u = gaussian(rng, m * d, 1);
                double[] gw = new double[w.length];
                double[] gu = new double[u.length];
                for (int i = 0; i < w.length; i++) {
                    gw[i] = w[i] - ws[i];
                }
                for (int i = 0; i < u.length; i++) {
                    gu[i] = u[i] - us[i];
                }
                double before = distance(w, u, ws, us);
                opt.updateInPlace(w, u, gw, gu, w0, u0, d);
                assertTrue(distance(w, u, ws, us) <= before * (1 + 1e-12), opt.describe());
                double[] fixedW = ws.clone();
                double[] fixedU = us.clone();
                opt.updateInPlace(fixedW, fixedU, new double[w.length], new double[u.length], w0, u0, d);
                assertArrayEquals(ws, fixedW, 0.0, opt.describe() + ": fixed point");
                assertArrayEquals(us, fixedU, 0.0, opt.describe() + ": fixed point");
            }
        }
    }

    private static double distance(double[] w, double[] u, double[] ws, double[] us) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += (w[i] - ws[i]) * (w[i] - ws[i]);
        }
        for (int i = 0; i < u.length; i++) {
            s += (u[i] - us[i]) * (u[i] - us[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void projectionRejectsLengthsThatAreNeitherDiagonalNorDense() {
        ProjectedGradientDescent pgd = Optimizers.projected(0.1, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pgd.projectInPlace(new double[7], new double[8], new double[7], new double[8], 2));
        assertTrue(e.getMessage().contains("m = 4"), e.getMessage());
    }

    private static double[] gaussian(Random rng, int size, double scale) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = scale * rng.nextGaussian();
        }
        return v;
    }
}

package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.junit.jupiter.api.Test;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;

/**
 * The §7 bounds hold on random single-neuron instances (exact forward-mode first and second
 * derivatives of h_t in (w, u)), and the sensitivity bound is attained.
 */
class LemmaNumericalTest {

    static final int D = 3;
    static final int INSTANCES = 400;
    /** Relative slack for floating-point noise in "measured ≤ bound". */
    static final double SLACK = 1e-12;
    /** Finite-difference step and tolerance for the second-derivative recursion. */
    static final double FD_STEP = 1e-5;
    static final double FD_TOL = 1e-6;

    /** Forward-mode state of one neuron after t steps. */
    static final class Neuron {
        double h;
        double a;
        double[] b = new double[D];
        double hww;
        double[] huw = new double[D];
        double[][] huu = new double[D][D];

        static Neuron run(Activation act, double w, double[] u, double[][] xs) {
            Neuron n = new Neuron();
            for (double[] x : xs) {
                double z = w * n.h;
                for (int k = 0; k < D; k++) {
                    z += u[k] * x[k];
                }
                double s1 = act.derivative(z);
                double s2 = act.secondDerivative(z);
                double zw = n.h + w * n.a;
                double[] zu = new double[D];
                for (int k = 0; k < D; k++) {
                    zu[k] = x[k] + w * n.b[k];
                }
                double zww = 2 * n.a + w * n.hww;
                Neuron m = new Neuron();
                m.h = act.value(z);
                m.a = s1 * zw;
                m.hww = s2 * zw * zw + s1 * zww;
                for (int k = 0; k < D; k++) {
                    m.b[k] = s1 * zu[k];
                    m.huw[k] = s2 * zw * zu[k] + s1 * (n.b[k] + w * n.huw[k]);
                    for (int l = 0; l < D; l++) {
                        m.huu[k][l] = s2 * zu[k] * zu[l] + s1 * w * n.huu[k][l];
                    }
                }
                n = m;
            }
            return n;
        }
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static double spectralNorm(double[][] m) {
        double best = 0;
        for (double ev : new EigenDecomposition(new Array2DRowRealMatrix(m)).getRealEigenvalues()) {
            best = Math.max(best, Math.abs(ev));
        }
        return best;
    }

    @Test
    void boundsHoldOnRandomNeurons() {
        Random rnd = new Random(5);
        for (Activation act : new Activation[] {Activations.tanh(), Activations.sigmoid()}) {
            for (int i = 0; i < INSTANCES; i++) {
                double a = 2.5 * rnd.nextDouble() / act.constants().sigma1();
                int t = 1 + rnd.nextInt(12);
                double w = a * (2 * rnd.nextDouble() - 1);
                double[] u = new double[D];
                for (int k = 0; k < D; k++) {
                    u[k] = rnd.nextGaussian() * (rnd.nextBoolean() ? 0.1 : 2);
                }
                double[][] xs = new double[t][D];
                for (double[] x : xs) {
                    for (int k = 0; k < D; k++) {
                        x[k] = rnd.nextGaussian();
                    }
                    double s = norm(x) / (rnd.nextDouble());
                    for (int k = 0; k < D; k++) {
                        x[k] /= Math.max(s, norm(x));   // ‖x_t‖ ≤ 1
                    }
                }
                Neuron n = Neuron.run(act, w, u, xs);
                LemmaConstants c = LemmaConstants.of(act.constants(), a, t);
                String where = act + " a=" + a + " w=" + w + " t=" + t;
                assertLe(Math.abs(n.h), c.hiddenBound(), where + " |h|");
                assertLe(Math.abs(n.a), c.sensitivityWBound(), where + " |a_t|");
                assertLe(norm(n.b), c.sensitivityUBound(), where + " ||b_t||");
                assertLe(Math.hypot(n.a, norm(n.b)), c.gradientBound(), where + " ||grad h||");
                assertLe(Math.abs(n.hww), c.hessianWW(), where + " d2h/dw2");
                assertLe(norm(n.huw), c.hessianUW(), where + " grad_u dh/dw");
                assertLe(spectralNorm(n.huu), c.hessianUU(), where + " hess_u h");
                double[][] full = new double[D + 1][D + 1];
                full[0][0] = n.hww;
                for (int k = 0; k < D; k++) {
                    full[0][k + 1] = n.huw[k];
                    full[k + 1][0] = n.huw[k];
                    for (int l = 0; l < D; l++) {
                        full[k + 1][l + 1] = n.huu[k][l];
                    }
                }
                assertLe(spectralNorm(full), c.hessianBound(), where + " per-neuron Hessian");
            }
        }
    }

    @Test
    void sensitivityBoundIsAttained() {
        // u = 0 keeps z_t = 0, where tanh' = 1: b_t = S_t(w) e1 exactly, the bound when w = a.
        Activation tanh = Activations.tanh();
        for (double a : new double[] {0.5, 1.0, 1.3}) {
            int t = 9;
            double[][] xs = new double[t][D];
            for (double[] x : xs) {
                x[0] = 1.0;
            }
            Neuron n = Neuron.run(tanh, a, new double[D], xs);
            LemmaConstants c = LemmaConstants.of(tanh.constants(), a, t);
            assertEquals(c.sensitivityUBound(), norm(n.b), 1e-12 * c.sensitivityUBound());
        }
    }

    @Test
    void secondDerivativeRecursionMatchesFiniteDifferences() {
        Random rnd = new Random(8);
        Activation act = Activations.tanh();
        for (int i = 0; i < 20; i++) {
            double w = 1.2 * (2 * rnd.nextDouble() - 1);
            double[] u = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double[][] xs = new double[6][D];
            for (double[] x : xs) {
                for (int k = 0; k < D; k++) {
                    x[k] = 0.5 * rnd.nextGaussian();
                }
            }
            Neuron n = Neuron.run(act, w, u, xs);
            double fdA = (Neuron.run(act, w + FD_STEP, u, xs).a - Neuron.run(act, w - FD_STEP, u, xs).a) / (2 * FD_STEP);
            assertEquals(fdA, n.hww, FD_TOL * Math.max(1, Math.abs(fdA)));
            double fdH = (Neuron.run(act, w + FD_STEP, u, xs).h - Neuron.run(act, w - FD_STEP, u, xs).h) / (2 * FD_STEP);
            assertEquals(fdH, n.a, FD_TOL * Math.max(1, Math.abs(fdH)));
            for (int k = 0; k < D; k++) {
                double[] up = u.clone();
                double[] um = u.clone();
                up[k] += FD_STEP;
                um[k] -= FD_STEP;
                Neuron p = Neuron.run(act, w, up, xs);
                Neuron m = Neuron.run(act, w, um, xs);
                assertEquals((p.a - m.a) / (2 * FD_STEP), n.huw[k], FD_TOL);
                for (int l = 0; l < D; l++) {
                    assertEquals((p.b[l] - m.b[l]) / (2 * FD_STEP), n.huu[l][k], FD_TOL);
                }
            }
        }
    }

    static void assertLe(double measured, double bound, String what) {
        assertTrue(measured <= bound * (1 + SLACK) + 1e-300, what + ": measured " + measured + " > bound " + bound);
    }
}

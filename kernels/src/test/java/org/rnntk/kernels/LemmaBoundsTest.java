package org.rnntk.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnntk.bounds.LemmaConstants;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Sensitivities;
import org.rnntk.core.SequenceDataset;

/**
 * The lemma bounds of docs/theory.md §7 on real networks run by the kernels: for random diagonal
 * RNNs with |w_i| ≤ a and ‖x_t‖ ≤ 1 (tanh and sigmoid), every measured |a_t|, ‖b_t‖, ‖∇_Θ F_t‖ and
 * per-neuron Hessian block (by central differences of the sensitivities) stays below its bound,
 * and the bound is not absurdly loose: the worst case found reaches a stated fraction of it.
 *
 * <p>Besides random instances, "adversarial" ones push toward each bound's extremal case:
 * u_i tiny (σ' near its maximum σ1 at z ≈ 0 for tanh; sigmoid's σ' peaks at z = 0 too), w_i = a,
 * and a constant unit input, which makes ‖b_t‖ = σ1 S_t up to O(|u|).
 */
class LemmaBoundsTest {

    /** Central-difference step for the Hessian blocks; their FD error is ~1e-9, far below slack. */
    private static final double FD_STEP = 1e-5;
    /** Measured may exceed the bound by this relative amount only (finite-difference error). */
    private static final double SLACK = 1e-6;
    /** Worst-case fractions that each bound must reach: it is a bound, but not a vacuous one. */
    private static final double MIN_FRACTION_A = 0.5;
    private static final double MIN_FRACTION_B = 0.9;
    private static final double MIN_FRACTION_GRADIENT = 0.6;
    /**
     * Measured on this test's instances (tanh / sigmoid): |∂²h/∂w²| 0.16 / 0.12, ‖∇_u∂_w h‖ 0.37 / 0.18,
     * ‖∇²_u h‖ 1.00 / 0.98, the whole block against M_t 0.17 / 0.25. The Hessian bounds add worst
     * cases that cannot occur together (σ' and σ'' maximal at once), hence a factor up to ~10.
     */
    private static final double MIN_FRACTION_HESSIAN = 0.1;

    private static Nd4jBackend backend;

    @BeforeAll
    static void open() {
        backend = Nd4jBackend.create(Precision.FLOAT64, 1);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    @Test
    void tanhBoundsHoldAndAreReached() {
        check(Activations.tanh(), new double[]{0.5, 1.0, 1.2});
    }

    @Test
    void sigmoidBoundsHoldAndAreReached() {
        check(Activations.sigmoid(), new double[]{2.0, 4.0, 4.8});
    }

    private void check(Activation act, double[] aValues) {
        int steps = 6;
        int d = 3;
        int m = 8;
        double[] worst = new double[6]; // |a|, ||b||, ||grad F||, hWW, hUW, hUU; plus full block below
        double worstBlock = 0;
        Random rng = new Random(act.name().hashCode());
        StringBuilder report = new StringBuilder();
        for (double a : aValues) {
            for (int trial = 0; trial < 12; trial++) {
                boolean adversarial = trial % 3 == 0;
                SequenceDataset data = adversarial ? constantInput(steps, d) : Instances.data(rng, 2, steps, d);
                DiagonalRnn net = adversarial ? adversarialNet(rng, act, m, d, a, trial % 2 == 0 ? 1e-4 : 0.3)
                        : Instances.model(rng, act, m, d, a);
                Sensitivities s = backend.sensitivities(net, data);
                Sensitivities[] plusW = perturbedW(net, data, FD_STEP);
                Sensitivities[][] plusU = perturbedU(net, data, d, FD_STEP);
                for (int j = 0; j < data.size(); j++) {
                    for (int t = 0; t < steps; t++) {
                        LemmaConstants bound = LemmaConstants.of(act.constants(), a, t + 1);
                        double gradSq = 0;
                        for (int i = 0; i < m; i++) {
                            double ai = Math.abs(s.a(j, t, i));
                            double bi = 0;
                            for (int k = 0; k < d; k++) {
                                bi += s.b(j, t, i, k) * s.b(j, t, i, k);
                            }
                            gradSq += ai * ai + bi;
                            bi = Math.sqrt(bi);
                            worst[0] = Math.max(worst[0], ratio(ai, bound.sensitivityWBound(), "|a_t|", a, t));
                            worst[1] = Math.max(worst[1], ratio(bi, bound.sensitivityUBound(), "||b_t||", a, t));

                            // Per-neuron Hessian of h_t in (w_i, u_i) from differences of (a, b).
                            double[][] hess = new double[d + 1][d + 1];
                            hess[0][0] = (plusW[0].a(j, t, i) - plusW[1].a(j, t, i)) / (2 * FD_STEP);
                            for (int k = 0; k < d; k++) {
                                hess[0][k + 1] = (plusW[0].b(j, t, i, k) - plusW[1].b(j, t, i, k)) / (2 * FD_STEP);
                                hess[k + 1][0] = (plusU[k][0].a(j, t, i) - plusU[k][1].a(j, t, i)) / (2 * FD_STEP);
                                for (int l = 0; l < d; l++) {
                                    hess[k + 1][l + 1] = (plusU[k][0].b(j, t, i, l) - plusU[k][1].b(j, t, i, l))
                                            / (2 * FD_STEP);
                                }
                            }
                            double ww = Math.abs(hess[0][0]);
                            double uw = 0;
                            for (int k = 0; k < d; k++) {
                                uw += hess[k + 1][0] * hess[k + 1][0];
                            }
                            uw = Math.sqrt(uw);
                            double[][] uu = new double[d][d];
                            for (int k = 0; k < d; k++) {
                                for (int l = 0; l < d; l++) {
                                    uu[k][l] = hess[k + 1][l + 1];
                                }
                            }
                            worst[3] = Math.max(worst[3], ratio(ww, bound.hessianWW(), "|d2h/dw2|", a, t));
                            worst[4] = Math.max(worst[4], ratio(uw, bound.hessianUW(), "||d_u d_w h||", a, t));
                            worst[5] = Math.max(worst[5], ratio(spectralNorm(uu), bound.hessianUU(), "||d2h/du2||", a, t));
                            worstBlock = Math.max(worstBlock,
                                    ratio(spectralNorm(hess), bound.hessianBound(), "per-neuron Hessian", a, t));
                        }
                        double gradNorm = Math.sqrt(gradSq / m);
                        worst[2] = Math.max(worst[2], ratio(gradNorm, bound.gradientBound(), "||grad F_t||", a, t));
                    }
                }
            }
        }
        report.append(String.format(Locale.ROOT,
                "%s worst measured/bound: |a_t| %.3f, ||b_t|| %.3f, ||grad F|| %.3f, hWW %.3f, hUW %.3f, hUU %.3f, M_t %.3f",
                act.name(), worst[0], worst[1], worst[2], worst[3], worst[4], worst[5], worstBlock));
        System.out.println(report);
        assertTrue(worst[0] >= MIN_FRACTION_A && worst[1] >= MIN_FRACTION_B, report.toString());
        assertTrue(worst[2] >= MIN_FRACTION_GRADIENT, report.toString());
        assertTrue(worst[3] >= MIN_FRACTION_HESSIAN && worst[4] >= MIN_FRACTION_HESSIAN
                && worst[5] >= MIN_FRACTION_HESSIAN && worstBlock >= MIN_FRACTION_HESSIAN, report.toString());
    }

    private static double ratio(double measured, double bound, String what, double a, int t) {
        assertTrue(measured <= bound * (1 + SLACK) + 1e-9,
                what + " = " + measured + " exceeds its bound " + bound + " at a = " + a + ", t = " + (t + 1));
        return bound == 0 ? 0 : measured / bound;
    }

    private static double spectralNorm(double[][] sym) {
        RealMatrix mat = new Array2DRowRealMatrix(sym);
        RealMatrix s = mat.add(mat.transpose()).scalarMultiply(0.5);
        double best = 0;
        for (double ev : new EigenDecomposition(s).getRealEigenvalues()) {
            best = Math.max(best, Math.abs(ev));
        }
        return best;
    }

    private static Sensitivities[] perturbedW(DiagonalRnn net, SequenceDataset data, double h) {
        double[] wp = net.w();
        double[] wm = net.w();
        for (int i = 0; i < wp.length; i++) {
            wp[i] += h;
            wm[i] -= h;
        }
        // Neurons are independent, so one shift of every w_i gives every neuron's derivative at once.
        return new Sensitivities[]{backend.sensitivities(net.withParameters(wp, net.u()), data),
                backend.sensitivities(net.withParameters(wm, net.u()), data)};
    }

    private static Sensitivities[][] perturbedU(DiagonalRnn net, SequenceDataset data, int d, double h) {
        Sensitivities[][] out = new Sensitivities[d][2];
        for (int k = 0; k < d; k++) {
            double[] up = net.u();
            double[] um = net.u();
            for (int i = 0; i < net.width(); i++) {
                up[i * d + k] += h;
                um[i * d + k] -= h;
            }
            out[k][0] = backend.sensitivities(net.withParameters(net.w(), up), data);
            out[k][1] = backend.sensitivities(net.withParameters(net.w(), um), data);
        }
        return out;
    }

    private static SequenceDataset constantInput(int steps, int d) {
        double[] x = new double[steps * d];
        for (int t = 0; t < steps; t++) {
            x[t * d] = 1.0;
        }
        return new SequenceDataset(1, steps, d, x, new double[steps]);
    }

    /** w_i = ±a (half each sign), small or moderate u_i. */
    private static DiagonalRnn adversarialNet(Random rng, Activation act, int m, int d, double a, double uScale) {
        double[] w = new double[m];
        double[] u = new double[m * d];
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = i % 2 == 0 ? a : -a;
            c[i] = 1;
            for (int k = 0; k < d; k++) {
                u[i * d + k] = uScale * rng.nextGaussian();
            }
        }
        return new DiagonalRnn(act, d, w, u, c);
    }
}

package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.Loss;

/**
 * The certified local-PL verdict for the diagonal RNN (docs/theory.md §9), on the empirical NTK
 * Gram of a small network computed here in plain Java (tanh, n = 4, T = 5, d = 3, last step,
 * targets ±0.05, the regime the theory suggests).
 */
class RnnPlTest {

    static final int N = 4;
    static final int T = 5;
    static final int DIM = 3;
    static final double ALPHA = 0.5;
    static final double Y = 0.05;
    static final long SEED = 17;

    /** Network with the symmetric initialization: w_i = α (constant law), u_i ~ N(0, I), mirrored. */
    static final class Net {
        final int m;
        final double[] w;
        final double[][] u;
        final double[] c;

        Net(int m, Random rnd) {
            this.m = m;
            w = new double[m];
            u = new double[m][DIM];
            c = new double[m];
            for (int i = 0; i < m / 2; i++) {
                w[i] = ALPHA;
                c[i] = rnd.nextBoolean() ? 1 : -1;
                for (int k = 0; k < DIM; k++) {
                    u[i][k] = rnd.nextGaussian();
                }
                w[i + m / 2] = w[i];
                c[i + m / 2] = -c[i];
                u[i + m / 2] = u[i].clone();
            }
        }

        Net(Net base, double[] dw, double[][] du) {
            m = base.m;
            c = base.c;
            w = new double[m];
            u = new double[m][];
            for (int i = 0; i < m; i++) {
                w[i] = base.w[i] + dw[i];
                u[i] = base.u[i].clone();
                for (int k = 0; k < DIM; k++) {
                    u[i][k] += du[i][k];
                }
            }
        }

        /** Row of the Jacobian of F_T(X) in (w, U), and F_T(X) in slot [m(d+1)]. */
        double[] jacobianRowAndOutput(double[][] xs, Activation act) {
            double[] row = new double[m * (DIM + 1) + 1];
            double f = 0;
            double s = 1 / Math.sqrt(m);
            for (int i = 0; i < m; i++) {
                double h = 0;
                double a = 0;
                double[] b = new double[DIM];
                for (double[] x : xs) {
                    double z = w[i] * h;
                    for (int k = 0; k < DIM; k++) {
                        z += u[i][k] * x[k];
                    }
                    double d1 = act.derivative(z);
                    a = d1 * (h + w[i] * a);
                    for (int k = 0; k < DIM; k++) {
                        b[k] = d1 * (x[k] + w[i] * b[k]);
                    }
                    h = act.value(z);
                }
                f += c[i] * h * s;
                row[i] = c[i] * a * s;
                for (int k = 0; k < DIM; k++) {
                    row[m + i * DIM + k] = c[i] * b[k] * s;
                }
            }
            row[row.length - 1] = f;
            return row;
        }
    }

    static double[][][] inputs(Random rnd) {
        double[][][] xs = new double[N][T][DIM];
        for (double[][] seq : xs) {
            for (double[] x : seq) {
                double nrm = 0;
                for (int k = 0; k < DIM; k++) {
                    x[k] = rnd.nextGaussian();
                    nrm += x[k] * x[k];
                }
                nrm = Math.sqrt(nrm);
                for (int k = 0; k < DIM; k++) {
                    x[k] /= nrm;   // ‖x_t‖ = 1
                }
            }
        }
        return xs;
    }

    static double[][] gram(double[][] jac) {
        double[][] g = new double[N][N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double s = 0;
                for (int k = 0; k < jac[i].length - 1; k++) {
                    s += jac[i][k] * jac[j][k];
                }
                g[i][j] = s;
            }
        }
        return g;
    }

    static final double[] YS = {Y, -Y, Y, -Y};

    static RnnPlProblem problem(int m, double lambda, Certification kind) {
        return problem(m, lambda, Double.POSITIVE_INFINITY, kind);
    }

    static RnnPlProblem problem(int m, double lambda, double lambdaMax, Certification kind) {
        return RnnPlProblem.of(Activations.tanh().constants(), ALPHA, T, DIM, m, Loss.LAST_STEP, YS, lambda, lambdaMax,
                kind, Y);
    }

    /** The verdict with the built-in tanh's proven constants attached. */
    static RnnPlVerdict verified(RnnPlVerdict v) {
        return v.withActivationCheck(ActivationCheck.verify(Activations.tanh(), 0.0), 0.0);
    }

    /**
     * The search for the width at which the criterion passes, and the verdict's conditions: certified
     * only with a verified activation, a given step honoured. (The bounds themselves are checked
     * against sampled points of the ball in the other tests, not against their own formulas.)
     */
    @Test
    void certifiedAtLargeWidthOnlyWithVerifiedConstants() {
        Random rnd = new Random(SEED);
        double[][][] xs = inputs(rnd);
        int m = 4096;
        Net net = new Net(m, rnd);
        double[][] jac = new double[N][];
        for (int j = 0; j < N; j++) {
            jac[j] = net.jacobianRowAndOutput(xs[j], Activations.tanh());
            // exactly 0 in exact arithmetic; the sequential sum over 4096 neurons leaves rounding
            assertEquals(0.0, jac[j][jac[j].length - 1], 1e-13, "F = 0 at the symmetric initialization");
        }
        LocalPl.GramSpectrum spec = LocalPl.gramSpectrum(gram(jac), m * (DIM + 1.0), 0.0);
        assertTrue(spec.certifiedLambdaMin() > 0);
        RnnPlProblem p = problem(m, spec.certifiedLambdaMin(), spec.certifiedLambdaMax(), Certification.CERTIFIED);
        RnnPlVerdict small = verified(RnnPl.certify(p.withWidth(64)));
        assertFalse(small.certifiedConvergence());
        assertTrue(small.reasons().stream().anyMatch(s -> s.startsWith("width too small")), small.describe());
        double pass = small.widthToPass();
        assertTrue(pass > 64 && Double.isFinite(pass) && pass % 2 == 0, "width to pass " + pass);
        assertTrue(RnnPl.certify(p.withWidth(pass)).verdict().flowHolds(), "passes at the width found");
        double below = 2 * Math.floor(pass / 2 * 0.99);
        assertFalse(RnnPl.certify(p.withWidth(below)).verdict().flowHolds(), "the width found is near-minimal");

        // At twice the width found (same lambda_min) GD with eta = eta_max/2 is certified, once verified.
        RnnPlVerdict declared = RnnPl.certify(p.withWidth(2 * pass));
        assertFalse(declared.certifiedConvergence());
        assertEquals(List.of(RnnPl.NOT_VERIFIED), declared.reasons());
        RnnPlVerdict v = verified(declared);
        assertTrue(v.certifiedConvergence(), v.describe());
        assertTrue(v.reasons().isEmpty());
        assertEquals(Certification.CERTIFIED, v.verdict().certification());
        assertEquals(v.verdict().etaMax() / 2, v.verdict().eta(), 1e-15 * v.verdict().etaMax());
        assertTrue(v.verdict().gdRadius() < v.radius());
        double q = v.verdict().gdContraction();
        assertTrue(q >= 0 && q < 1, "contraction " + q);
        // the same constants declared by a custom activation are verified on the ball's range
        Activation customTanh = Activations.custom("tanh-copy", Math::tanh, z -> 1 - Math.tanh(z) * Math.tanh(z),
                z -> -2 * Math.tanh(z) * (1 - Math.tanh(z) * Math.tanh(z)), Activations.tanh().constants());
        double u0 = 0;
        for (double[] ui : net.u) {
            u0 = Math.max(u0, Math.sqrt(ui[0] * ui[0] + ui[1] * ui[1] + ui[2] * ui[2]));
        }
        RnnPlVerdict custom = RnnPl.certify(p.withWidth(2 * pass), Double.NaN, customTanh, u0, 1.0);
        assertTrue(custom.certifiedConvergence(), custom.describe());
        double s1 = custom.problem().activation().sigma1();
        assertTrue(s1 > 1 && s1 < 1 + 1e-6, "an exact supremum is raised by the off-grid margin only: " + s1);
        double z = RnnPl.preActivationBound(custom.problem(), custom.radius(), u0, 1.0);
        RnnPlVerdict narrow = RnnPl.certify(custom.problem())
                .withActivationCheck(ActivationCheck.verify(customTanh, z / 2), z);
        assertFalse(narrow.certifiedConvergence());
        assertTrue(narrow.reasons().get(0).contains("checked on |z| <="), narrow.reasons().toString());
        // a given step is honoured; too large a step fails with its reason
        RnnPlVerdict big = verified(RnnPl.certify(p.withWidth(2 * pass), 10.0));
        assertFalse(big.certifiedConvergence());
        assertTrue(big.reasons().stream().anyMatch(x -> x.contains("not in (0, 2/beta)")), big.reasons().toString());
    }

    /** Rows ∂F_t/∂Θ for t = 1..T (row t − 1), of one input sequence. */
    static double[][] allStepRows(Net net, double[][] xs, Activation act) {
        int m = net.m;
        double[][] rows = new double[xs.length][m * (DIM + 1)];
        double s = 1 / Math.sqrt(m);
        for (int i = 0; i < m; i++) {
            double h = 0;
            double a = 0;
            double[] b = new double[DIM];
            for (int t = 0; t < xs.length; t++) {
                double[] x = xs[t];
                double z = net.w[i] * h;
                for (int k = 0; k < DIM; k++) {
                    z += net.u[i][k] * x[k];
                }
                double d1 = act.derivative(z);
                a = d1 * (h + net.w[i] * a);
                for (int k = 0; k < DIM; k++) {
                    b[k] = d1 * (x[k] + net.w[i] * b[k]);
                }
                h = act.value(z);
                rows[t][i] = net.c[i] * a * s;
                for (int k = 0; k < DIM; k++) {
                    rows[t][m + i * DIM + k] = net.c[i] * b[k] * s;
                }
            }
        }
        return rows;
    }

    /**
     * The Jacobian-movement bound D(r) of {@link RnnPl#jacobianDrift} (per-output M_t for the
     * all-steps loss) against ‖J(Θ) − J(Θ0)‖₂ measured at points of the ball: spread over all
     * neurons, and concentrated on one neuron (the case that sets a = α + r).
     */
    @Test
    void jacobianDriftBoundHoldsAtSampledPointsOfTheBall() {
        Random rnd = new Random(SEED + 2);
        double[][][] xs = inputs(rnd);
        int m = 64;
        Net net = new Net(m, rnd);
        double[] ys = new double[N * T];
        java.util.Arrays.fill(ys, Y);
        RnnPlProblem all = RnnPlProblem.of(Activations.tanh().constants(), ALPHA, T, DIM, m, Loss.ALL_STEPS, ys, 0.1,
                Double.POSITIVE_INFINITY, Certification.CERTIFIED, Y);
        RnnPlProblem last = problem(m, 0.1, Certification.CERTIFIED);
        double[][] j0All = stackAllSteps(net, xs);
        double worstAll = 0;
        double worstLast = 0;
        for (double r : new double[] {0.05, 0.3, 1.0}) {
            for (int trial = 0; trial < 6; trial++) {
                double[] dw = new double[m];
                double[][] du = new double[m][DIM];
                double nrm = 0;
                int only = trial % 2 == 0 ? -1 : rnd.nextInt(m);
                for (int i = 0; i < m; i++) {
                    if (only >= 0 && i != only) {
                        continue;
                    }
                    dw[i] = rnd.nextGaussian();
                    nrm += dw[i] * dw[i];
                    for (int k = 0; k < DIM; k++) {
                        du[i][k] = rnd.nextGaussian();
                        nrm += du[i][k] * du[i][k];
                    }
                }
                double scale = r / Math.sqrt(nrm);
                for (int i = 0; i < m; i++) {
                    dw[i] *= scale;
                    for (int k = 0; k < DIM; k++) {
                        du[i][k] *= scale;
                    }
                }
                double[][] j1All = stackAllSteps(new Net(net, dw, du), xs);
                double[][] diffAll = new double[N * T][];
                double[][] diffLast = new double[N][];
                for (int q = 0; q < N * T; q++) {
                    diffAll[q] = new double[j0All[q].length];
                    for (int k = 0; k < diffAll[q].length; k++) {
                        diffAll[q][k] = j1All[q][k] - j0All[q][k];
                    }
                    if (q % T == T - 1) {
                        diffLast[q / T] = diffAll[q];
                    }
                }
                double measuredAll = spectral(diffAll);
                double measuredLast = spectral(diffLast);
                double boundAll = RnnPl.jacobianDrift(all, r);
                double boundLast = RnnPl.jacobianDrift(last, r);
                assertTrue(measuredAll <= boundAll, "all steps, r = " + r + ": " + measuredAll + " > " + boundAll);
                assertTrue(measuredLast <= boundLast, "last step, r = " + r + ": " + measuredLast + " > " + boundLast);
                worstAll = Math.max(worstAll, measuredAll / boundAll);
                worstLast = Math.max(worstLast, measuredLast / boundLast);
            }
        }
        // per-output M_t: the all-steps bound is below sqrt(N) M_T r/sqrt(m)
        double r = 0.3;
        double mT = LemmaConstants.of(Activations.tanh().constants(), ALPHA + r, T).hessianBound();
        assertTrue(RnnPl.jacobianDrift(all, r) < Math.sqrt(N * T) * mT * r / Math.sqrt(m));
        System.out.printf("Jacobian drift bound, largest measured/bound: all steps %.3g, last step %.3g%n", worstAll,
                worstLast);
    }

    static double[][] stackAllSteps(Net net, double[][][] xs) {
        double[][] out = new double[N * T][];
        for (int j = 0; j < N; j++) {
            double[][] rows = allStepRows(net, xs[j], Activations.tanh());
            for (int t = 0; t < T; t++) {
                out[j * T + t] = rows[t];
            }
        }
        return out;
    }

    static double spectral(double[][] a) {
        return new org.apache.commons.math3.linear.SingularValueDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(a, false)).getNorm();
    }

    @Test
    void alphaLowerBoundHoldsAtSampledPointsOfTheBall() {
        Random rnd = new Random(SEED + 1);
        double[][][] xs = inputs(rnd);
        int m = 512;
        Net net = new Net(m, rnd);
        double[][] jac0 = new double[N][];
        for (int j = 0; j < N; j++) {
            jac0[j] = net.jacobianRowAndOutput(xs[j], Activations.tanh());
        }
        double lambda = LocalPl.gramSpectrum(gram(jac0)).certifiedLambdaMin();
        RnnPlProblem p = problem(m, lambda, Certification.CERTIFIED);
        double[] ys = {Y, -Y, Y, -Y};
        for (double r : new double[] {1e-3, 1e-2, 5e-2}) {
            double bound = RnnPl.alphaLowerBound(p, r);
            for (int trial = 0; trial < 5; trial++) {
                double[] dw = new double[m];
                double[][] du = new double[m][DIM];
                double nrm = 0;
                for (int i = 0; i < m; i++) {
                    dw[i] = rnd.nextGaussian();
                    nrm += dw[i] * dw[i];
                    for (int k = 0; k < DIM; k++) {
                        du[i][k] = rnd.nextGaussian();
                        nrm += du[i][k] * du[i][k];
                    }
                }
                double scale = r * rnd.nextDouble() / Math.sqrt(nrm);
                for (int i = 0; i < m; i++) {
                    dw[i] *= scale;
                    for (int k = 0; k < DIM; k++) {
                        du[i][k] *= scale;
                    }
                }
                Net moved = new Net(net, dw, du);
                double[][] jac = new double[N][];
                double[] res = new double[N];
                for (int j = 0; j < N; j++) {
                    jac[j] = moved.jacobianRowAndOutput(xs[j], Activations.tanh());
                    res[j] = jac[j][jac[j].length - 1] - ys[j];
                }
                double loss = 0;
                for (double q : res) {
                    loss += q * q / (2.0 * N);
                }
                double grad2 = 0;
                for (int k = 0; k < jac[0].length - 1; k++) {
                    double g = 0;
                    for (int j = 0; j < N; j++) {
                        g += jac[j][k] * res[j] / N;
                    }
                    grad2 += g * g;
                }
                assertTrue(grad2 / loss >= bound, "r=" + r + ": measured " + grad2 / loss + " < bound " + bound);
            }
        }
    }

    @Test
    void notCertifiedForTheRightReasons() {
        RnnPlVerdict est = RnnPl.certify(problem(100_000, 0.5, Certification.ESTIMATE));
        assertFalse(est.certifiedConvergence());
        assertEquals(Certification.ESTIMATE, est.verdict().certification());
        assertTrue(est.reasons().stream().anyMatch(s -> s.contains("estimate")), est.reasons().toString());

        RnnPlVerdict singular = RnnPl.certify(problem(100_000, 0.0, Certification.CERTIFIED));
        assertFalse(singular.certifiedConvergence());
        assertTrue(singular.reasons().stream().anyMatch(s -> s.startsWith("Gram singular")));
        assertTrue(Double.isInfinite(singular.widthToPass()));

        double[] hundred = new double[100];
        java.util.Arrays.fill(hundred, 0.01);
        RnnPlProblem tooMany = RnnPlProblem.of(Activations.tanh().constants(), ALPHA, T, 1, 2, Loss.LAST_STEP, hundred,
                0.5, Double.POSITIVE_INFINITY, Certification.CERTIFIED, Y);
        RnnPlVerdict np = RnnPl.certify(tooMany);
        assertFalse(np.certifiedConvergence());
        assertTrue(np.reasons().stream().anyMatch(s -> s.startsWith("N > p")), np.reasons().toString());
        assertTrue(np.describe().contains("not certified"));
    }
}

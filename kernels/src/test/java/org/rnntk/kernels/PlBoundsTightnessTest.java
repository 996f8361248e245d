package org.rnntk.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.rnntk.bounds.Certification;
import org.rnntk.bounds.LemmaConstants;
import org.rnntk.bounds.RnnPl;
import org.rnntk.bounds.RnnPlProblem;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.feedforward.FeedforwardActivation;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardData;
import org.rnntk.core.feedforward.FeedforwardInitializers;
import org.rnntk.core.feedforward.FeedforwardNetwork;
import org.rnntk.core.data.InputSpec;
import org.rnntk.kernels.feedforward.Nd4jFeedforwardBackend;
import org.rnntk.kernels.pl.FeedforwardCertificates;

/**
 * The RNN bounds of docs/theory.md §9 against measurements on a real network (tanh, α = 0.5,
 * w(0) = α, d = 3, n = 4, T = 5, last step, |y_q| ≤ 0.05, m = 1024), at points Θ of the ball
 * B(Θ0, r) (random points on its sphere, and points where single neurons move by r):
 * <ul>
 *   <li>β: ‖∇²R̂(Θ)‖ by power iteration on finite-difference Hessian-vector products
 *       (differences of the kernels' gradient; checked against λ_max(J0J0ᵀ)/N at Θ0) is
 *       ≤ {@code RnnPl.betaUpperBound}, itself ≤ the earlier form G1² + (Ymax + G1 r) M_T/√m;</li>
 *   <li>the Jacobian drift ‖J(Θ) − J(Θ0)‖₂ ≤ {@code RnnPl.jacobianDrift}, from which the α bound follows;</li>
 *   <li>α: ‖∇R̂(Θ)‖²/R̂(Θ) ≥ {@code RnnPl.alphaLowerBound}.</li>
 * </ul>
 * And the feedforward bound with the positive initialization (tanh, n = 4 unit inputs in R^8, one and
 * two hidden layers of width 16, c_2 = 0.3, r = 0.2, output weight M = 2): ‖∇L(θ)‖²/L(θ) at points of
 * B(θ0, r) is ≥ {@code FeedforwardPl.Bound.alphaLowerBound(M)}.
 *
 * <p>Tightness (measured/bound for upper bounds, bound/measured for lower bounds; both ≤ 1) written to
 * {@code target/tightness/theorems-pl.md}.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class PlBoundsTightnessTest {

    private static final Activation ACT = Activations.tanh();
    private static final double ALPHA = 0.5;
    private static final int D = 3;
    private static final int N_SEQ = 4;
    private static final int T = 5;
    private static final int M = 1024;
    private static final double TARGET = 0.05;
    private static final int POWER_ITERATIONS = 40;
    private static final double HVP_STEP = 1e-4;
    /** Relative allowance for the finite-difference Hessian-vector products (error ~1e-7). */
    private static final double FD_SLACK = 1e-4;

    private static Nd4jBackend backend;
    private static final TightnessReport REPORT = new TightnessReport("theorems-pl", "statement", "setting",
            "measured", "bound", "tightness");

    @BeforeAll
    static void open() {
        backend = Nd4jBackend.create(Precision.FLOAT64, 1);
    }

    @AfterAll
    static void close() {
        backend.close();
        REPORT.flush();
    }

    @Test
    void rnnBetaJacobianDriftAndAlphaBoundsHoldOnTheBall() {
        SequenceDataset inputs = InputSpec.unitSphere(N_SEQ, T, D, 42L).sample();
        Random rng = new Random(9);
        double[] y = new double[N_SEQ * T];
        double sumSq = 0;
        for (int j = 0; j < N_SEQ; j++) {
            double v = TARGET * (2 * rng.nextDouble() - 1);
            y[j * T + T - 1] = v;
            sumSq += v * v;
        }
        SequenceDataset data = inputs.withTargets(y);
        DiagonalRnn net0 = Initializers.symmetric(ALPHA, RecurrentLaw.CONSTANT, 1.0, 4L).initialize(M, D, ACT);
        double[][] j0 = lastStepJacobian(net0, data);
        double lambdaMin = Double.POSITIVE_INFINITY;
        double lambdaMax = 0;
        for (double ev : new EigenDecomposition(gram(j0)).getRealEigenvalues()) {
            lambdaMin = Math.min(lambdaMin, ev);
            lambdaMax = Math.max(lambdaMax, ev);
        }
        double f0 = sumSq / (2.0 * N_SEQ);
        RnnPlProblem problem = new RnnPlProblem(ACT.constants(), ALPHA, T, D, M, Loss.LAST_STEP, N_SEQ, lambdaMin,
                lambdaMax, Certification.ESTIMATE, f0, TARGET, data.maxAbsTarget(Loss.LAST_STEP));
        double[] theta0 = ParameterVectors.flat(net0);
        // The power iteration against an exact value: at Θ0 the residuals are the tiny targets, so
        // ∇²R̂(Θ0) = J0ᵀJ0/N + O(|y| ‖∇²F‖) and its norm is close to λ_max(J0 J0ᵀ)/N.
        double atInit = hessianNorm(net0, data, rng);
        assertTrue(Math.abs(atInit - lambdaMax / N_SEQ) <= 0.02 * lambdaMax / N_SEQ, "power iteration at Theta0: "
                + atInit + " against lambda_max(J0 J0^T)/N = " + lambdaMax / N_SEQ);
        for (double r : new double[]{0.02, 0.1}) {
            double betaBound = RnnPl.betaUpperBound(problem, r);
            double alphaBound = RnnPl.alphaLowerBound(problem, r);
            double driftBound = RnnPl.jacobianDrift(problem, r);
            double worstBeta = 0;
            double worstDrift = 0;
            double worstAlpha = Double.POSITIVE_INFINITY;
            for (int trial = 0; trial < 8; trial++) {
                double[] v = trial < 5 ? randomDirection(rng, theta0.length) : singleNeuronsDirection(rng, trial);
                double[] theta = theta0.clone();
                for (int i = 0; i < theta.length; i++) {
                    theta[i] += r * v[i];
                }
                DiagonalRnn net = ParameterVectors.withFlat(net0, theta);
                double beta = hessianNorm(net, data, rng);
                assertTrue(beta <= betaBound * (1 + FD_SLACK), "||hess R|| = " + beta + " > beta bound " + betaBound
                        + " at r = " + r);
                worstBeta = Math.max(worstBeta, beta);
                double[][] jac = lastStepJacobian(net, data);
                double drift = new SingularValueDecomposition(new Array2DRowRealMatrix(minus(jac, j0))).getNorm();
                assertTrue(drift <= driftBound * (1 + 1e-9), "||J - J0|| = " + drift + " > " + driftBound);
                worstDrift = Math.max(worstDrift, drift);
                LossGradient lg = backend.lossAndGradient(net, data, Loss.LAST_STEP);
                double g2 = dot(lg.gradW(), lg.gradW()) + dot(lg.gradU(), lg.gradU());
                double alpha = g2 / lg.loss();
                assertTrue(alpha >= alphaBound * (1 - 1e-9), "||grad R||^2/R = " + alpha + " < alpha bound " + alphaBound);
                worstAlpha = Math.min(worstAlpha, alpha);
            }
            String setting = "m = 1024, r = " + r;
            REPORT.row("RNN beta <= Jmax^2/N + Rbar M_T/sqrt(m): max ||hess R|| (power iteration)", setting,
                    worstBeta, betaBound, worstBeta / betaBound);
            // The earlier form G1^2 + (Ymax + G1 r) M_T/sqrt(m), from the lemma constants at a = α + r.
            LemmaConstants c = LemmaConstants.of(ACT.constants(), ALPHA + r, T);
            double former = c.gradientBound() * c.gradientBound()
                    + (TARGET + c.gradientBound() * r) * c.hessianBound() / Math.sqrt(M);
            assertTrue(betaBound <= former * (1 + 1e-12), "beta bound " + betaBound + " above the earlier form " + former);
            REPORT.row("same, earlier form G1^2 + (Ymax + G1 r) M_T/sqrt(m)", setting, worstBeta, former,
                    worstBeta / former);
            REPORT.row("Jacobian drift ||J - J0|| <= D(r) = sqrt(N) M_T r/sqrt(m)", setting, worstDrift, driftBound,
                    worstDrift / driftBound);
            REPORT.row("RNN alpha >= (2/N)(sigma_min(J0) - D(r))_+^2: bound / min ||grad R||^2/R",
                    setting, worstAlpha, alphaBound, alphaBound / worstAlpha);
        }
    }

    @Test
    void feedforwardPositiveInitializationAlphaBoundHoldsOnTheBall() {
        int n = 4;
        int d = 8;
        Random rng = new Random(12);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double[] v = randomDirection(rng, d);
            System.arraycopy(v, 0, x, i * d, d);
            y[i] = 2 * rng.nextDouble() - 1;
        }
        FeedforwardData data = new FeedforwardData(n, d, x, y);
        double r = 0.2;
        double outputWeight = 2.0;
        try (Nd4jFeedforwardBackend ff = Nd4jFeedforwardBackend.create()) {
            for (int[] widths : new int[][]{{16}, {16, 16}}) {
                double[] c = widths.length == 1 ? new double[0] : new double[]{0.3};
                FeedforwardConfig cfg = new FeedforwardConfig(d, widths, FeedforwardActivation.TANH, false);
                double bound = FeedforwardCertificates.bound(cfg, data, c, r).alphaLowerBound(outputWeight);
                FeedforwardNetwork net0 = FeedforwardInitializers.positive(c, outputWeight).initialize(cfg);
                double[] theta0 = net0.parameters();
                double worst = Double.POSITIVE_INFINITY;
                for (int trial = 0; trial < 40; trial++) {
                    double[] v = trial == 0 ? shrinkAll(cfg, theta0) : randomDirection(rng, theta0.length);
                    double[] theta = theta0.clone();
                    for (int i = 0; i < theta.length; i++) {
                        theta[i] += r * v[i];
                    }
                    FeedforwardNetwork net = net0.withParameters(theta);
                    double loss = ff.loss(net, data);
                    double[] g = ff.gradient(net, data);
                    double alpha = dot(g, g) / loss;
                    assertTrue(alpha >= bound * (1 - 1e-9), "feedforward ||grad L||^2/L = " + alpha + " < bound " + bound);
                    worst = Math.min(worst, alpha);
                }
                REPORT.row("feedforward alpha >= (4 lambda_min(G) d_1/n) Q^2 (M - r)^2: bound / min ||grad L||^2/L",
                        "depth " + (widths.length + 1) + ", r = 0.2, M = 2", worst, bound, bound / worst);
            }
        }
    }

    /** The unit direction lowering every weight of layers 2..L equally (toward the bound's worst case). */
    private static double[] shrinkAll(FeedforwardConfig cfg, double[] theta0) {
        double[] v = new double[theta0.length];
        double n = 0;
        for (int i = cfg.weightOffset(2); i < theta0.length; i++) {
            v[i] = -1;
            n += 1;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= Math.sqrt(n);
        }
        return v;
    }

    /** ‖∇²R̂‖ by power iteration on (∇R̂(Θ + εv) − ∇R̂(Θ − εv))/(2ε); the returned ‖Hv‖ is ≤ ‖∇²R̂‖. */
    private static double hessianNorm(DiagonalRnn net, SequenceDataset data, Random rng) {
        double[] theta = ParameterVectors.flat(net);
        double[] v = randomDirection(rng, theta.length);
        double norm = 0;
        for (int k = 0; k < POWER_ITERATIONS; k++) {
            double[] hv = hvp(net, theta, v, data);
            norm = Math.sqrt(dot(hv, hv));
            for (int i = 0; i < v.length; i++) {
                v[i] = hv[i] / norm;
            }
        }
        return norm;
    }

    private static double[] hvp(DiagonalRnn net, double[] theta, double[] v, SequenceDataset data) {
        double[] plus = theta.clone();
        double[] minus = theta.clone();
        for (int i = 0; i < theta.length; i++) {
            plus[i] += HVP_STEP * v[i];
            minus[i] -= HVP_STEP * v[i];
        }
        double[] gp = gradient(ParameterVectors.withFlat(net, plus), data);
        double[] gm = gradient(ParameterVectors.withFlat(net, minus), data);
        double[] hv = new double[theta.length];
        for (int i = 0; i < hv.length; i++) {
            hv[i] = (gp[i] - gm[i]) / (2 * HVP_STEP);
        }
        return hv;
    }

    private static double[] gradient(DiagonalRnn net, SequenceDataset data) {
        LossGradient lg = backend.lossAndGradient(net, data, Loss.LAST_STEP);
        double[] g = new double[lg.gradW().length + lg.gradU().length];
        System.arraycopy(lg.gradW(), 0, g, 0, lg.gradW().length);
        System.arraycopy(lg.gradU(), 0, g, lg.gradW().length, lg.gradU().length);
        return g;
    }

    private static double[][] lastStepJacobian(DiagonalRnn net, SequenceDataset data) {
        double[][] all = ParameterVectors.jacobian(backend, net, data);
        double[][] last = new double[N_SEQ][];
        for (int j = 0; j < N_SEQ; j++) {
            last[j] = all[j * T + T - 1];
        }
        return last;
    }

    private static Array2DRowRealMatrix gram(double[][] jac) {
        double[][] g = new double[jac.length][jac.length];
        for (int a = 0; a < jac.length; a++) {
            for (int b = 0; b < jac.length; b++) {
                g[a][b] = dot(jac[a], jac[b]);
            }
        }
        return new Array2DRowRealMatrix(g);
    }

    private static double[] randomDirection(Random rng, int p) {
        double[] v = new double[p];
        double n = 0;
        for (int i = 0; i < p; i++) {
            v[i] = rng.nextGaussian();
            n += v[i] * v[i];
        }
        n = Math.sqrt(n);
        for (int i = 0; i < p; i++) {
            v[i] /= n;
        }
        return v;
    }

    /** A unit vector moving only w of one neuron (trial 5), w of two (6), or w and u of one (7). */
    private static double[] singleNeuronsDirection(Random rng, int trial) {
        double[] v = new double[M * (D + 1)];
        int i = rng.nextInt(M);
        if (trial == 5) {
            v[i] = 1;
        } else if (trial == 6) {
            v[i] = Math.sqrt(0.5);
            v[(i + 1) % M] = Math.sqrt(0.5);
        } else {
            v[i] = Math.sqrt(0.5);
            for (int k = 0; k < D; k++) {
                v[M + i * D + k] = Math.sqrt(0.5 / D);
            }
        }
        return v;
    }

    private static double[][] minus(double[][] a, double[][] b) {
        double[][] out = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[0].length; k++) {
                out[i][k] = a[i][k] - b[i][k];
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

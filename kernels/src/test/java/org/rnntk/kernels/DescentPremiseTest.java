package org.rnntk.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rnntk.bounds.Bounds;
import org.rnntk.bounds.GdRadius;
import org.rnntk.bounds.PgdBound;
import org.rnntk.bounds.PgdProblem;
import org.rnntk.bounds.ResidualBound;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizer;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.TrainingListener;
import org.rnntk.core.init.SymmetricInitializer;
import org.rnntk.core.data.InputSpec;

/**
 * The premise of the residual bound Ymax (docs/theory.md §8, {@link ResidualBound#DESCENT}) on real
 * runs of the library's training loop ({@link Training#run} on {@link Nd4jBackend}): with the step
 * η = 1/β the bounds module computes (PGD: β on the projection set Ω; GD: β on the drift region of
 * {@link Bounds#gdRadius}), the loss never increases and the mean residual (1/N)Σ_q|r_q(Θ(k))|,
 * recomputed by the plain scalar {@link ReferenceRnn}, stays ≤ √(2R̂(Θ0)) ≤ Ymax at every iterate.
 * Sizes: tanh, α = 0.5, d = 3, n = 6, T = 5, all steps, m = 64, random targets in [−0.8, 0.8].
 */
class DescentPremiseTest {

    private static final Activation ACT = Activations.tanh();
    private static final double ALPHA = 0.5;
    private static final int D = 3;
    private static final int N_SEQ = 6;
    private static final int T = 5;
    private static final int M = 64;
    private static final int TAU = 150;
    private static final double DELTA = 0.1;
    /** Relative allowance for the rounding of a loss recomputed in float64. */
    private static final double REL_TOL = 1e-12;

    private static Nd4jBackend backend;

    @BeforeAll
    static void open() {
        backend = Nd4jBackend.create(Precision.FLOAT64, 1);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static SequenceDataset data() {
        SequenceDataset inputs = InputSpec.unitSphere(N_SEQ, T, D, 20261207L).sample();
        Random rnd = new Random(41);
        double[] y = new double[N_SEQ * T];
        for (int q = 0; q < y.length; q++) {
            y[q] = 0.8 * (2 * rnd.nextDouble() - 1);
        }
        return inputs.withTargets(y);
    }

    private static SymmetricInitializer init() {
        return Initializers.symmetric(ALPHA, RecurrentLaw.UNIFORM, 1.0, 9L);
    }

    @Test
    void pgdWithStepOneOverBetaNeverIncreasesTheLossAndKeepsTheMeanResidualBelowYmax() {
        SequenceDataset data = data();
        double rho = 0.3;
        PgdProblem problem = PgdProblem.from(init(), ACT, data, Optimizers.projected(1.0, rho, rho), Loss.ALL_STEPS);
        double eta = Bounds.widthTerms(problem, M, DELTA).maxStep();
        PgdBound bound = Bounds.pgdBound(problem, M, TAU, eta, DELTA);
        assertEquals(ResidualBound.DESCENT, bound.residualBound(), bound.describe());
        TrainingHistory h = check(data, problem.yMax(), Optimizers.projected(eta, rho, rho));
        // the projection acted: some neuron reached the boundary of Omega
        assertTrue(Math.max(h.maxDriftWOverRun(), h.maxDriftUOverRun()) >= rho * (1 - 1e-9),
                "the projection never acted: " + h);
        // a step above 1/beta falls back to Rmax
        assertEquals(ResidualBound.REGION, Bounds.pgdBound(problem, M, TAU, 1.01 * eta, DELTA).residualBound());
    }

    @Test
    void gdWithStepOneOverBetaNeverIncreasesTheLossAndKeepsTheMeanResidualBelowYmax() {
        SequenceDataset data = data();
        PgdProblem problem = PgdProblem.from(init(), ACT, data, Optimizers.projected(1.0, 1, 1), Loss.ALL_STEPS);
        double eta = Bounds.gdRadius(problem, M, TAU, 1e-9).maxStep();
        GdRadius radius = Bounds.gdRadius(problem, M, TAU, eta);
        while (!radius.isFinite()) {
            eta /= 1.05;
            radius = Bounds.gdRadius(problem, M, TAU, eta);
        }
        assertEquals(ResidualBound.DESCENT,
                Bounds.gdBound(problem, M, TAU, eta, DELTA).bound().orElseThrow().residualBound());
        check(data, problem.yMax(), Optimizers.gradientDescent(eta));
    }

    private static TrainingHistory check(SequenceDataset data, double yMax, Optimizer optimizer) {
        int nOut = N_SEQ * T;
        double[] prev = {Double.POSITIVE_INFINITY};
        double[] firstMean = {Double.NaN};
        double[] rootTwoR0 = {Double.NaN};
        double[] worst = {0};
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onIteration(int k, int total, double loss) {
                assertTrue(loss <= prev[0] * (1 + REL_TOL), "loss increased at k = " + k + ": " + loss + " > "
                        + prev[0]);
                prev[0] = loss;
            }

            @Override
            public void onParameters(int k, DiagonalRnn theta) {
                double mean = 0;
                double loss = 0;
                double maxOut = 0;
                for (int j = 0; j < N_SEQ; j++) {
                    double[] out = ReferenceRnn.outputs(theta, data, j);
                    for (int t = 0; t < T; t++) {
                        maxOut = Math.max(maxOut, Math.abs(out[t]));
                        double r = out[t] - data.target(j, t);
                        mean += Math.abs(r) / nOut;
                        loss += r * r / (2.0 * nOut);
                    }
                }
                if (k == 0) {
                    firstMean[0] = mean;
                    rootTwoR0[0] = Math.sqrt(2 * loss);
                    // F(Theta0) = 0 at the symmetric initialization: the initial residuals are -y_q
                    assertTrue(maxOut <= 1e-12, "max |F_q(Theta0)| = " + maxOut);
                    assertTrue(rootTwoR0[0] <= yMax * (1 + REL_TOL), "sqrt(2 R(Theta0)) " + rootTwoR0[0] + " > Ymax");
                }
                assertTrue(mean <= rootTwoR0[0] * (1 + REL_TOL), "k = " + k + ": mean |r_q| " + mean
                        + " > sqrt(2 R(Theta0)) " + rootTwoR0[0]);
                assertTrue(mean <= yMax, "k = " + k + ": mean |r_q| " + mean + " > Ymax " + yMax);
                worst[0] = Math.max(worst[0], mean / yMax);
            }
        };
        TrainingHistory h = Training.run(backend, init().initialize(M, D, ACT), data, Loss.ALL_STEPS, optimizer, TAU,
                listener);
        assertTrue(h.lastLoss() < 0.99 * h.initialLoss(), "the run made no progress: " + h);
        System.out.printf("%s: mean |r_q| / Ymax at most %.4f, loss %.4g -> %.4g%n", optimizer.describe(), worst[0],
                h.initialLoss(), h.lastLoss());
        return h;
    }
}

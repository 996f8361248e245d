package org.rnntk.kernels.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;

/**
 * Kernel regression and the closed-form linearized GD (docs/theory.md §3, §5) against independent
 * computations: an LU solve of the formed system, and explicit GD steps on the linearized model
 * built from naive per-output gradients (the Jacobian) and a naive forward pass.
 */
class PredictionTest {

    /** Relative agreement of two float64 computations of the same N ≤ 40 linear algebra. */
    private static final double TOLERANCE = 1e-9;

    @ParameterizedTest
    @EnumSource(Loss.class)
    void kernelRegressionEqualsADirectSolve(Loss loss) {
        Random rng = new Random(21);
        SequenceDataset train = NtkInstances.data(rng, 6, 4, 3, 1.0);
        SequenceDataset test = NtkInstances.data(rng, 5, 3, 3, 1.0);
        DiagonalRnn theta0 = Initializers.symmetric(0.7, RecurrentLaw.UNIFORM, 4).initialize(64, 3,
                Activations.tanh());
        Loss mode = loss;
        try (EmpiricalNtk ntk = Ntk.empirical(); Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2)) {
            NtkPredictor p = NtkPredictor.atInitialization(ntk, backend, theta0, train, test, loss);
            double[][] k = NaiveNtk.gram(theta0, train, train, mode);
            double[][] kx = NaiveNtk.gram(theta0, train, test, mode);
            double[] y = NtkPredictor.modeOutputs(train.targets(), train, mode);
            for (double ridge : new double[] {0.0, 1e-3, 0.5}) {
                RealMatrix a = new Array2DRowRealMatrix(k);
                for (int i = 0; i < k.length; i++) {
                    a.addToEntry(i, i, ridge);
                }
                double[] alpha = new LUDecomposition(a).getSolver().solve(new ArrayRealVector(y)).toArray();
                double[] expectedTrain = new Array2DRowRealMatrix(k).operate(alpha);
                double[] expectedTest = new Array2DRowRealMatrix(kx).transpose().operate(alpha);
                NtkPrediction got = p.kernelRegression(ridge);
                assertClose(expectedTrain, got.train(), "train, ridge " + ridge);
                assertClose(expectedTest, got.test(), "test, ridge " + ridge);
                if (ridge == 0) {
                    assertClose(y, got.train(), "interpolation");
                }
                KernelRegression fit = KernelRegression.fit(p.trainGram(), y, ridge);
                assertClose(alpha, fit.coefficients(), "coefficients, ridge " + ridge);
            }
        }
    }

    /** N > p (and repeated inputs) without a ridge: a clear error naming λ_min; a ridge fixes it. */
    @Test
    void singularGramWithoutRidgeIsRefusedNamingLambdaMin() {
        Random rng = new Random(3);
        SequenceDataset train = NtkInstances.data(rng, 8, 3, 1, 1.0);
        DiagonalRnn theta0 = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 2).initialize(2, 1,
                Activations.tanh());
        GramMatrix k = Ntk.gram(theta0, train, Loss.LAST_STEP); // N = 8 > p = 4
        double[] y = NtkPredictor.modeOutputs(train.targets(), train, Loss.LAST_STEP);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelRegression.fit(k, y, 0.0));
        assertTrue(e.getMessage().contains("lambda_min") && e.getMessage().contains("ridge"), e.getMessage());
        KernelRegression ridged = KernelRegression.fit(k, y, 1e-2);
        assertEquals(8, ridged.trainPredictions().length);
        assertThrows(IllegalArgumentException.class, () -> KernelRegression.fit(k, y, -1.0));
        assertThrows(IllegalArgumentException.class, () -> KernelRegression.fit(k, new double[7], 0.1));
    }

    /**
     * The closed form after k steps against k explicit GD steps Θ ← Θ − (η/N) Jᵀ(F_lin(Θ) − y) on
     * F_lin(Θ) = F(Θ0) + J(Θ − Θ0), on train and test, from a non-symmetric Θ0 (F(Θ0) ≠ 0).
     */
    @ParameterizedTest
    @EnumSource(Loss.class)
    void closedFormEqualsExplicitStepsOnTheLinearizedModel(Loss loss) {
        Random rng = new Random(8);
        SequenceDataset train = NtkInstances.data(rng, 5, 4, 2, 1.0);
        SequenceDataset test = NtkInstances.data(rng, 3, 5, 2, 1.0);
        DiagonalRnn theta0 = NtkInstances.model(rng, Activations.sigmoid(), 12, 2, 1.1);
        Loss mode = loss;
        double[][] jTrain = NaiveNtk.jacobian(theta0, train, mode);
        double[][] jTest = NaiveNtk.jacobian(theta0, test, mode);
        double[] f0Train = NtkPredictor.modeOutputs(naiveOutputs(theta0, train), train, mode);
        double[] f0Test = NtkPredictor.modeOutputs(naiveOutputs(theta0, test), test, mode);
        double[] y = NtkPredictor.modeOutputs(train.targets(), train, mode);
        int n = y.length;
        int p = jTrain[0].length;
        try (EmpiricalNtk ntk = Ntk.empirical(); Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2)) {
            NtkPredictor predictor = NtkPredictor.atInitialization(ntk, backend, theta0, train, test, loss);
            assertClose(f0Train, predictor.initialTrainOutputs(), "F(theta0)");
            double eta = 0.9 * predictor.dynamics(1.0).stableStepLimit();
            LinearizedGradientDescent gd = predictor.dynamics(eta);
            double[] delta = new double[p];
            int step = 0;
            for (int k : new int[] {0, 1, 2, 7, 40}) {
                for (; step < k; step++) {
                    double[] f = apply(jTrain, delta, f0Train);
                    for (int e = 0; e < p; e++) {
                        double g = 0;
                        for (int q = 0; q < n; q++) {
                            g += jTrain[q][e] * (f[q] - y[q]);
                        }
                        delta[e] -= eta * g / n;
                    }
                }
                assertClose(apply(jTrain, delta, f0Train), gd.trainOutputs(k, f0Train), "train after k = " + k);
                assertClose(apply(jTest, delta, f0Test), predictor.gradientDescent(eta, k).test(),
                        "test after k = " + k);
            }
        }
    }

    /** The limit is k → ∞ of the closed form; from F(Θ0) = 0 it is kernel regression without ridge. */
    @ParameterizedTest
    @EnumSource(Loss.class)
    void infiniteTimeLimitIsKernelRegressionFromTheSymmetricInitialization(Loss loss) {
        Random rng = new Random(13);
        SequenceDataset train = NtkInstances.data(rng, 4, 3, 3, 1.0);
        SequenceDataset test = NtkInstances.data(rng, 3, 3, 3, 1.0);
        DiagonalRnn theta0 = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 9).initialize(48, 3,
                Activations.tanh());
        try (EmpiricalNtk ntk = Ntk.empirical(); Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2)) {
            NtkPredictor p = NtkPredictor.atInitialization(ntk, backend, theta0, train, test, loss);
            assertArrayEquals(new double[p.initialTrainOutputs().length], p.initialTrainOutputs(), 0.0);
            double eta = 0.5 * p.dynamics(1.0).stableStepLimit();
            NtkPrediction limit = p.gradientDescentLimit(eta);
            NtkPrediction regression = p.kernelRegression(0.0);
            assertClose(regression.train(), limit.train(), "train");
            assertClose(regression.test(), limit.test(), "test");
            // Slowest mode: (1 − ηλ_min/N)^k below 1e-14 for this k.
            double rate = eta * p.lambdaMin() / p.trainGram().rows();
            long k = (long) Math.ceil(Math.log(1e-14) / Math.log1p(-rate));
            NtkPrediction late = p.gradientDescent(eta, k);
            assertClose(limit.train(), late.train(), "train at k = " + k);
            assertClose(limit.test(), late.test(), "test at k = " + k);
            double tooLarge = 1.01 * p.dynamics(1.0).stableStepLimit();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.gradientDescentLimit(tooLarge));
            assertTrue(e.getMessage().contains("2N/lambda_max"), e.getMessage());
        }
    }

    @Test
    void badInputsAreRejected() {
        Random rng = new Random(1);
        SequenceDataset train = NtkInstances.data(rng, 3, 2, 2, 1.0);
        DiagonalRnn theta0 = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 9).initialize(8, 2,
                Activations.tanh());
        GramMatrix k = Ntk.gram(theta0, train, Loss.LAST_STEP);
        GramMatrix all = Ntk.gram(theta0, train, Loss.ALL_STEPS);
        double[] y = {0.1, 0.2, 0.3};
        assertThrows(IllegalArgumentException.class, () -> LinearizedGradientDescent.of(k, y, 0.0));
        assertThrows(IllegalArgumentException.class, () -> LinearizedGradientDescent.of(k, y, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> LinearizedGradientDescent.of(k, new double[] {1, Double.NaN, 0}, 1));
        LinearizedGradientDescent gd = LinearizedGradientDescent.of(k, y, 0.1);
        assertThrows(IllegalArgumentException.class, () -> gd.trainOutputs(-1, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> gd.trainOutputs(1, new double[2]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gd.testOutputs(1, all, new double[3], new double[6]));
        assertTrue(e.getMessage().contains("LAST_STEP"), e.getMessage());
    }

    /** F_t(X_j) for every j, t straight from docs/theory.md §1. */
    static double[] naiveOutputs(DiagonalRnn model, SequenceDataset data) {
        int m = model.width();
        int d = model.inputDim();
        int steps = data.timeSteps();
        Activation act = model.activation();
        double[] out = new double[data.size() * steps];
        for (int j = 0; j < data.size(); j++) {
            double[] h = new double[m];
            for (int t = 0; t < steps; t++) {
                double f = 0;
                for (int i = 0; i < m; i++) {
                    double z = model.w(i) * h[i];
                    for (int l = 0; l < d; l++) {
                        z += model.u(i, l) * data.input(j, t, l);
                    }
                    h[i] = act.value(z);
                    f += model.c(i) * h[i];
                }
                out[j * steps + t] = f / Math.sqrt(m);
            }
        }
        return out;
    }

    private static double[] apply(double[][] jac, double[] delta, double[] f0) {
        double[] out = f0.clone();
        for (int q = 0; q < jac.length; q++) {
            for (int e = 0; e < delta.length; e++) {
                out[q] += jac[q][e] * delta[e];
            }
        }
        return out;
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(err <= TOLERANCE * Math.max(scale, 1e-3), what + ": max error " + err + " at scale " + scale);
    }
}

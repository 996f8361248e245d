package org.rnntk.kernels.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseLaw;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Instances;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;

/**
 * The dense backend against central finite differences, the diagonal backend on diagonal W, its
 * own float64 results in float32, and its contract: exact zero at the mirrored initialization,
 * workspace reuse, the thread rule and bad input (docs/theory.md §11).
 */
class DenseBackendTest {

    /** Central-difference step; truncation ~h², round-off ~1e-16/h. */
    private static final double FD_STEP = 1e-5;
    private static final double FD_REL_TOL = 1e-6;
    private static final double FD_ABS_FLOOR = 1e-9;
    private static final double SAME_TOL = 1e-12;
    private static final double FLOAT32_TOL = 1e-4;

    /** (activation, n, T, d, m, spectral scale of W). */
    static Stream<Arguments> instances() {
        return Stream.of(
                Arguments.of(Activations.tanh(), 1, 1, 1, 1, 0.5),
                Arguments.of(Activations.tanh(), 3, 5, 2, 6, 0.9),
                Arguments.of(Activations.sigmoid(), 2, 6, 3, 5, 4.0),
                Arguments.of(Activations.tanh(), 2, 7, 3, 8, 1.4),
                Arguments.of(Instances.customTanh(), 3, 4, 2, 7, 1.1));
    }

    @ParameterizedTest
    @MethodSource("instances")
    void gradientMatchesCentralDifferences(Activation act, int n, int steps, int d, int m, double scale) {
        Random rng = new Random(17 + 31L * n + 7L * steps + m);
        SequenceDataset data = Instances.data(rng, n, steps, d);
        DenseRnn model = DenseInstances.model(rng, act, m, d, scale);
        try (Nd4jDenseBackend backend = Nd4jDenseBackend.create()) {
            for (Loss loss : Loss.values()) {
                LossGradient lg = backend.lossAndGradient(model, data, loss);
                double[] w = model.w();
                double[] u = model.u();
                double[] gw = lg.gradW();
                double[] gu = lg.gradU();
                for (int i = 0; i < w.length; i++) {
                    double saved = w[i];
                    w[i] = saved + FD_STEP;
                    double plus = backend.loss(model.withParameters(w, u), data, loss);
                    w[i] = saved - FD_STEP;
                    double minus = backend.loss(model.withParameters(w, u), data, loss);
                    w[i] = saved;
                    assertFd((plus - minus) / (2 * FD_STEP), gw[i], "dW[" + i + "] " + loss);
                }
                for (int i = 0; i < u.length; i++) {
                    double saved = u[i];
                    u[i] = saved + FD_STEP;
                    double plus = backend.loss(model.withParameters(w, u), data, loss);
                    u[i] = saved - FD_STEP;
                    double minus = backend.loss(model.withParameters(w, u), data, loss);
                    u[i] = saved;
                    assertFd((plus - minus) / (2 * FD_STEP), gu[i], "dU[" + i + "] " + loss);
                }
            }
        }
    }

    private static void assertFd(double fd, double analytic, String what) {
        double err = Math.abs(fd - analytic);
        assertTrue(err <= FD_REL_TOL * Math.abs(fd) + FD_ABS_FLOOR, what + ": finite difference " + fd
                + " vs BPTT " + analytic);
    }

    /** W = diag(w): the dense kernels compute the diagonal network, and the diagonal of ∂R̂/∂W is ∂R̂/∂w. */
    @Test
    void diagonalWeightsReproduceTheDiagonalBackend() {
        Random rng = new Random(5);
        SequenceDataset data = Instances.data(rng, 4, 6, 3);
        DiagonalRnn diag = Instances.model(rng, Activations.tanh(), 10, 3, 1.2);
        DenseRnn dense = DenseRnn.of(diag);
        try (Nd4jDenseBackend db = Nd4jDenseBackend.create(); Nd4jBackend nb = Nd4jBackend.create(Precision.FLOAT64, 1)) {
            assertClose(nb.outputs(diag, data), db.outputs(dense, data), "outputs");
            for (Loss loss : Loss.values()) {
                LossGradient a = nb.lossAndGradient(diag, data, loss);
                LossGradient b = db.lossAndGradient(dense, data, loss);
                assertEquals(a.loss(), b.loss(), SAME_TOL * a.loss());
                double[] gw = b.gradW();
                double[] diagonal = new double[10];
                for (int i = 0; i < 10; i++) {
                    diagonal[i] = gw[i * 10 + i];
                }
                assertClose(a.gradW(), diagonal, "diag dW " + loss);
                assertClose(a.gradU(), b.gradU(), "dU " + loss);
            }
        }
        assertEquals(diag, dense.toDiagonal());
    }

    /** F(X; Θ0) = 0 bit for bit at the mirrored initialization: seeds, widths, laws, activations, precisions. */
    @Test
    void mirroredInitializationGivesExactlyZeroOutputs() {
        int[][] sizes = {{2, 1}, {6, 3}, {64, 8}, {130, 5}, {300, 12}};
        Activation[] acts = {Activations.tanh(), Activations.sigmoid(), Instances.customTanh()};
        int checked = 0;
        for (Precision precision : Precision.values()) {
            try (Nd4jDenseBackend backend = Nd4jDenseBackend.create(precision)) {
                for (int[] size : sizes) {
                    int m = size[0];
                    int d = size[1];
                    for (long seed = 1; seed <= 3; seed++) {
                        Random rng = new Random(seed * 101 + m);
                        SequenceDataset data = Instances.data(rng, 1 + (int) seed * 3, 9, d);
                        for (DenseLaw law : DenseLaw.values()) {
                            Activation act = acts[(int) (seed + m) % acts.length];
                            DenseRnn init = Initializers.mirroredDense(1.3, law, seed).initialize(m, d, act);
                            double[] f = backend.outputs(init, data);
                            for (int q = 0; q < f.length; q++) {
                                assertTrue(f[q] == 0.0, precision + " m=" + m + " seed=" + seed + " " + law
                                        + " F[" + q + "] = " + f[q]);
                            }
                            double target = 0;
                            for (double y : data.targets()) {
                                target += y * y;
                            }
                            assertEquals(0.5 * target / f.length, backend.loss(init, data, Loss.ALL_STEPS),
                                    1e-15, "R(Θ0) = (1/2N) Σ y²");
                            checked += f.length;
                        }
                    }
                }
            }
        }
        assertTrue(checked > 1000);
    }

    @Test
    void float32AgreesWithFloat64() {
        Random rng = new Random(8);
        SequenceDataset data = Instances.data(rng, 5, 8, 4);
        DenseRnn model = DenseInstances.model(rng, Activations.tanh(), 12, 4, 0.9);
        try (Nd4jDenseBackend b64 = Nd4jDenseBackend.create(Precision.FLOAT64);
             Nd4jDenseBackend b32 = Nd4jDenseBackend.create(Precision.FLOAT32)) {
            assertEquals(Precision.FLOAT32, b32.precision());
            for (Loss loss : Loss.values()) {
                LossGradient a = b64.lossAndGradient(model, data, loss);
                LossGradient b = b32.lossAndGradient(model, data, loss);
                assertEquals(a.loss(), b.loss(), FLOAT32_TOL * a.loss());
                assertClose(a.outputs(), b.outputs(), FLOAT32_TOL, "F");
                assertClose(a.gradW(), b.gradW(), FLOAT32_TOL, "dW");
                assertClose(a.gradU(), b.gradU(), FLOAT32_TOL, "dU");
            }
        }
    }

    /** Reused buffers give the results of a fresh backend, whatever was computed before. */
    @Test
    void workspaceReuseDoesNotLeakState() {
        Random rng = new Random(9);
        SequenceDataset a = Instances.data(rng, 3, 5, 2);
        SequenceDataset b = Instances.data(rng, 4, 3, 2);
        DenseRnn m1 = DenseInstances.model(rng, Activations.tanh(), 6, 2, 1.0);
        DenseRnn m2 = DenseInstances.model(rng, Activations.sigmoid(), 6, 2, 2.0);
        DenseRnn m3 = DenseInstances.model(rng, Activations.tanh(), 9, 2, 1.0);
        try (Nd4jDenseBackend shared = Nd4jDenseBackend.create()) {
            for (int round = 0; round < 2; round++) {
                for (DenseRnn model : new DenseRnn[] {m1, m2, m3}) {
                    for (SequenceDataset data : new SequenceDataset[] {a, b}) {
                        try (Nd4jDenseBackend fresh = Nd4jDenseBackend.create()) {
                            LossGradient x = shared.lossAndGradient(model, data, Loss.LAST_STEP);
                            LossGradient y = fresh.lossAndGradient(model, data, Loss.LAST_STEP);
                            assertEquals(y.loss(), x.loss(), 0.0);
                            assertArrayEquals(y.gradW(), x.gradW(), 0.0);
                            assertArrayEquals(y.gradU(), x.gradU(), 0.0);
                            assertArrayEquals(fresh.outputs(model, data), shared.outputs(model, data), 0.0);
                        }
                    }
                }
            }
        }
    }

    /** Concurrent calls on one backend are serialized by its lock: the same bits as serial calls. */
    @Test
    void concurrentCallsGiveSerialResults() throws Exception {
        Random rng = new Random(10);
        SequenceDataset[] data = {Instances.data(rng, 3, 6, 2), Instances.data(rng, 5, 4, 2)};
        DenseRnn[] models = {DenseInstances.model(rng, Activations.tanh(), 8, 2, 1.0),
            DenseInstances.model(rng, Activations.tanh(), 10, 2, 0.7)};
        double[][] expected = new double[4][];
        try (Nd4jDenseBackend backend = Nd4jDenseBackend.create()) {
            for (int k = 0; k < 4; k++) {
                expected[k] = backend.lossAndGradient(models[k % 2], data[k / 2], Loss.ALL_STEPS).gradW();
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                @SuppressWarnings("unchecked")
                Future<double[]>[] futures = new Future[16];
                for (int k = 0; k < futures.length; k++) {
                    int which = k % 4;
                    futures[k] = pool.submit(() -> backend.lossAndGradient(models[which % 2], data[which / 2],
                            Loss.ALL_STEPS).gradW());
                }
                for (int k = 0; k < futures.length; k++) {
                    assertArrayEquals(expected[k % 4], futures[k].get(), 0.0, "call " + k);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void callAfterCloseThrows() {
        Random rng = new Random(12);
        SequenceDataset data = Instances.data(rng, 2, 3, 2);
        DenseRnn model = DenseInstances.model(rng, Activations.tanh(), 4, 2, 1.0);
        Nd4jDenseBackend backend = Nd4jDenseBackend.create();
        backend.outputs(model, data);
        backend.close();
        backend.close();
        assertThrows(IllegalStateException.class, () -> backend.outputs(model, data));
        assertThrows(IllegalStateException.class, () -> backend.loss(model, data, Loss.ALL_STEPS));
        DenseNtk ntk = DenseNtk.create();
        ntk.close();
        assertThrows(IllegalStateException.class,
                () -> ntk.gram(model, data, org.rnntk.core.Loss.LAST_STEP));
    }

    @Test
    void badInputIsRejectedWithItsName() {
        Random rng = new Random(13);
        SequenceDataset data = Instances.data(rng, 2, 3, 2);
        DenseRnn model = DenseInstances.model(rng, Activations.tanh(), 4, 2, 1.0);
        try (Nd4jDenseBackend backend = Nd4jDenseBackend.create()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backend.lossAndGradientInto(model, data, Loss.ALL_STEPS, new double[4], new double[8]));
            assertTrue(e.getMessage().contains("gradW"), e.getMessage());
            SequenceDataset wrongD = Instances.data(rng, 2, 3, 3);
            e = assertThrows(IllegalArgumentException.class, () -> backend.outputs(model, wrongD));
            assertTrue(e.getMessage().contains("d = 2"), e.getMessage());
        }
        double[] c = {1, -1, 1, 0.5};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DenseRnn(Activations.tanh(), 4, 2, new double[16], new double[8], c));
        assertTrue(e.getMessage().contains("c[3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DenseRnn(Activations.tanh(), 4, 2, new double[15], new double[8], new double[] {1, 1, 1, 1}));
        assertTrue(e.getMessage().contains("recurrent weights W"), e.getMessage());
        double[] nan = new double[16];
        nan[5] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class,
                () -> new DenseRnn(Activations.tanh(), 4, 2, nan, new double[8], new double[] {1, 1, 1, 1}));
        assertTrue(e.getMessage().contains("W[5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Initializers.mirroredDense(1.0, DenseLaw.ORTHOGONAL, 1).initialize(7, 2, Activations.tanh()));
        assertTrue(e.getMessage().contains("(7)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Initializers.mirroredDense(-1.0, DenseLaw.GAUSSIAN, 1));
        assertTrue(e.getMessage().contains("rho"), e.getMessage());
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertClose(expected, actual, SAME_TOL, what);
    }

    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        double err = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(err <= tol * scale, what + ": max error " + err + " against max " + scale);
    }
}

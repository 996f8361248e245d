package org.rnntk.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.Sensitivities;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.internal.Tiling;

/**
 * The backend on every shape of its tiling ({@code internal.Tiling}): several chunks and
 * accumulator groups, a single chunk whose blocks are split over the threads, several tiles per
 * chunk, an odd width (a lone neuron in the last block), a width of 1, and an activation whose σ'
 * needs the pre-activations. In each: the gradient of the naive reference loss (central
 * differences), the outputs of the naive reference, bit-identical results for 1, 2 and 3 threads,
 * and sensitivities gathered back from the chunked layout.
 */
class TiledPassTest {

    private static final double FD_STEP = 1e-5;
    private static final double REL_TOL = 1e-6;
    private static final double ABS_FLOOR = 1e-9;

    static Stream<Arguments> shapes() {
        return Stream.of(
                // n, T, d, m, activation, {chunks, groups, blocks, tiles per chunk}, what the tiling does
                Arguments.of(60, 16, 3, 1100, Activations.tanh(), new int[]{20, 16, 2, 1}, "20 chunks in 16 groups, 2 blocks"),
                Arguments.of(1, 1200, 2, 33, Activations.tanh(), new int[]{1, 1, 2, 1}, "one chunk, blocks over threads, odd m"),
                Arguments.of(3, 5000, 2, 32, Activations.tanh(), new int[]{3, 3, 1, 3}, "3 tiles per chunk, 3 groups"),
                Arguments.of(5, 7, 4, 1, Activations.sigmoid(), new int[]{1, 1, 1, 1}, "m = 1, no mirrored pair"),
                Arguments.of(9, 11, 3, 200, Instances.customTanh(), new int[]{1, 1, 4, 1},
                        "pre-activations kept, 4 uneven blocks"));
    }

    @ParameterizedTest(name = "{6}")
    @MethodSource("shapes")
    void gradientsOutputsAndThreadIndependence(int n, int steps, int d, int m, Activation act, int[] geometry,
                                               String what) {
        Tiling tiling = new Tiling(m, d, n, steps);
        int chunkRows = tiling.chunkEnd(0) - tiling.chunkStart(0);
        assertArrayEquals(geometry, new int[]{tiling.chunks, tiling.groups, tiling.blocks,
                (chunkRows + tiling.tileRows - 1) / tiling.tileRows}, what + ": chunks, groups, blocks, tiles per chunk");
        Random rng = new Random(31L * n + steps + 7L * m);
        SequenceDataset data = Instances.data(rng, n, steps, d);
        DiagonalRnn model = Instances.model(rng, act, m, d, 0.9);
        try (Nd4jBackend one = Nd4jBackend.create(Precision.FLOAT64, 1);
             Nd4jBackend two = Nd4jBackend.create(Precision.FLOAT64, 2);
             Nd4jBackend three = Nd4jBackend.create(Precision.FLOAT64, 3)) {
            for (Loss loss : Loss.values()) {
                LossGradient a = one.lossAndGradient(model, data, loss);
                for (Nd4jBackend other : new Nd4jBackend[]{two, three}) {
                    LossGradient b = other.lossAndGradient(model, data, loss);
                    String threads = what + ", " + loss + ", " + other.threads() + " threads vs 1";
                    assertEquals(a.loss(), b.loss(), 0.0, threads);
                    assertArrayEquals(a.outputs(), b.outputs(), threads);
                    assertArrayEquals(a.gradW(), b.gradW(), threads);
                    assertArrayEquals(a.gradU(), b.gradU(), threads);
                }
                assertEquals(ReferenceRnn.loss(model, data, loss), a.loss(), 1e-12 * (1 + a.loss()), what);
                double[] w = model.w();
                double[] u = model.u();
                // A neuron from the first block, its mirror, and the last one (the lone one when m is odd).
                for (int i : new int[]{0, m / 2, m - 1}) {
                    double[] wp = w.clone();
                    double[] wm = w.clone();
                    wp[i] += FD_STEP;
                    wm[i] -= FD_STEP;
                    double fd = (ReferenceRnn.loss(model.withParameters(wp, u), data, loss)
                            - ReferenceRnn.loss(model.withParameters(wm, u), data, loss)) / (2 * FD_STEP);
                    assertClose(fd, a.gradW()[i], what + ", " + loss + ", dR/dw[" + i + "]");
                    int q = i * d + (i % d);
                    double[] up = u.clone();
                    double[] um = u.clone();
                    up[q] += FD_STEP;
                    um[q] -= FD_STEP;
                    double fdU = (ReferenceRnn.loss(model.withParameters(w, up), data, loss)
                            - ReferenceRnn.loss(model.withParameters(w, um), data, loss)) / (2 * FD_STEP);
                    assertClose(fdU, a.gradU()[q], what + ", " + loss + ", dR/dU[" + i + "," + i % d + "]");
                }
            }
            double[] f = one.outputs(model, data);
            for (int j : new int[]{0, n / 2, n - 1}) {
                double[] ref = ReferenceRnn.outputs(model, data, j);
                for (int t = 0; t < steps; t++) {
                    assertEquals(ref[t], f[j * steps + t], 1e-12, what + ": F_" + t + "(X_" + j + ")");
                }
            }
        }
    }

    /** A backend keeps its workspace (and each thread's copy of a block's w and c) between calls. */
    @ParameterizedTest(name = "{6}")
    @MethodSource("shapes")
    void aReusedBackendSeesNewParameters(int n, int steps, int d, int m, Activation act, int[] geometry,
                                        String what) {
        Random rng = new Random(17L * n + steps + 5L * m);
        SequenceDataset data = Instances.data(rng, n, steps, d);
        DiagonalRnn first = Instances.model(rng, act, m, d, 0.9);
        DiagonalRnn second = Instances.model(rng, act, m, d, 0.5);
        try (Nd4jBackend reused = Nd4jBackend.create(Precision.FLOAT64, 2);
             Nd4jBackend fresh = Nd4jBackend.create(Precision.FLOAT64, 2)) {
            reused.lossAndGradient(first, data, Loss.ALL_STEPS);
            LossGradient a = reused.lossAndGradient(second, data, Loss.ALL_STEPS);
            LossGradient b = fresh.lossAndGradient(second, data, Loss.ALL_STEPS);
            assertEquals(b.loss(), a.loss(), 0.0, what + ": loss");
            assertArrayEquals(b.outputs(), a.outputs(), what + ": outputs");
            assertArrayEquals(b.gradW(), a.gradW(), what + ": dR/dw");
            assertArrayEquals(b.gradU(), a.gradU(), what + ": dR/dU");
        }
    }

    @ParameterizedTest(name = "{6}")
    @MethodSource("shapes")
    void sensitivitiesComeBackInTheNaturalLayout(int n, int steps, int d, int m, Activation act, int[] geometry,
                                                 String what) {
        if ((long) n * steps * m * d > 2_000_000) {
            return; // b alone would be tens of MB; the layout is exercised by the other shapes
        }
        Random rng = new Random(17L * n + steps + m);
        SequenceDataset data = Instances.data(rng, n, steps, d);
        DiagonalRnn model = Instances.model(rng, act, m, d, 0.9);
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2)) {
            Sensitivities s = backend.sensitivities(model, data);
            double[] w = model.w();
            double[] u = model.u();
            int j = n - 1;
            for (int i : new int[]{0, m / 2, m - 1}) {
                double[] wp = w.clone();
                double[] wm = w.clone();
                wp[i] += FD_STEP;
                wm[i] -= FD_STEP;
                double[] fp = ReferenceRnn.outputs(model.withParameters(wp, u), data, j);
                double[] fm = ReferenceRnn.outputs(model.withParameters(wm, u), data, j);
                for (int t = 0; t < steps; t += Math.max(1, steps / 16)) {
                    double fd = (fp[t] - fm[t]) / (2 * FD_STEP);
                    assertClose(fd, model.c(i) * s.a(j, t, i) / Math.sqrt(m), what + ": dF_" + t + "/dw_" + i);
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void openBlasRunsSingleThreadedDuringACallAndIsRestoredAfter() throws InterruptedException {
        Random rng = new Random(5);
        SequenceDataset data = Instances.data(rng, 40, 16, 8);
        DiagonalRnn model = Instances.model(rng, Activations.tanh(), 1100, 8, 0.9);
        int before = org.bytedeco.openblas.presets.openblas_nolapack.blas_get_num_threads();
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2)) {
            LossGradient a = backend.lossAndGradient(model, data, Loss.ALL_STEPS);
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(2);
            LossGradient b = backend.lossAndGradient(model, data, Loss.ALL_STEPS);
            // Put back once no call has run for the restore delay (internal.BlasThreads), not at once.
            long end = System.nanoTime() + 10_000_000_000L;
            while (org.bytedeco.openblas.presets.openblas_nolapack.blas_get_num_threads() != 2
                    && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertEquals(2, org.bytedeco.openblas.presets.openblas_nolapack.blas_get_num_threads(),
                    "the caller's OpenBLAS thread count is restored");
            assertEquals(a.loss(), b.loss(), 0.0);
            assertArrayEquals(a.gradU(), b.gradU(), "same bits whatever OpenBLAS's thread setting");
        } finally {
            org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(before);
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        double err = Math.abs(expected - actual);
        double allowed = REL_TOL * Math.max(Math.abs(expected), Math.abs(actual)) + ABS_FLOOR;
        assertTrue(err <= allowed, what + ": finite difference " + expected + " vs kernel " + actual
                + " (error " + err + " > " + allowed + ")");
    }
}

package org.rnntk.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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

/**
 * The kernels' outputs, loss, BPTT gradient and forward-mode sensitivities against the naive
 * reference and central finite differences (docs/theory.md §3–§4), float64.
 */
class GradientTest {

    /** Central-difference step; truncation ~h², round-off ~1e-16/h, both far below the tolerance. */
    private static final double FD_STEP = 1e-5;
    private static final double REL_TOL = 1e-6;
    private static final double ABS_FLOOR = 1e-9;
    private static final double FORWARD_TOL = 1e-12;

    private static Nd4jBackend backend;

    @BeforeAll
    static void open() {
        backend = Nd4jBackend.create(Precision.FLOAT64, 2);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    /** (activation, n, T, d, m, max|w|); max|w| spans below, at and above the cutoff 1/σ1. */
    static Stream<Arguments> instances() {
        Activation tanh = Activations.tanh();
        Activation sigmoid = Activations.sigmoid();
        return Stream.of(
                Arguments.of(tanh, 1, 1, 1, 2, 0.5),
                Arguments.of(sigmoid, 1, 1, 1, 2, 3.0),
                Arguments.of(tanh, 3, 5, 2, 6, 0.99),
                Arguments.of(tanh, 2, 7, 3, 8, 1.3),
                Arguments.of(sigmoid, 3, 6, 2, 6, 3.99),
                Arguments.of(sigmoid, 2, 8, 4, 4, 5.0),
                Arguments.of(tanh, 4, 3, 5, 10, 0.2),
                Arguments.of(Instances.customTanh(), 2, 6, 3, 6, 1.1));
    }

    @ParameterizedTest
    @MethodSource("instances")
    void outputsMatchReference(Activation act, int n, int steps, int d, int m, double wMax) {
        Random rng = new Random(11 + n * 31L + steps * 7L + m);
        SequenceDataset data = Instances.data(rng, n, steps, d);
        DiagonalRnn model = Instances.model(rng, act, m, d, wMax);
        double[] f = backend.outputs(model, data);
        for (int j = 0; j < n; j++) {
            double[] ref = ReferenceRnn.outputs(model, data, j);
            for (int t = 0; t < steps; t++) {
                assertEquals(ref[t], f[j * steps + t], FORWARD_TOL, "F at j=" + j + " t=" + t);
            }
        }
        for (Loss loss : Loss.values()) {
            assertEquals(ReferenceRnn.loss(model, data, loss), backend.loss(model, data, loss), FORWARD_TOL);
        }
    }

    @ParameterizedTest
    @MethodSource("instances")
    void gradientMatchesFiniteDifferences(Activation act, int n, int steps, int d, int m, double wMax) {
        Random rng = new Random(5 + n * 13L + steps * 17L + m);
        SequenceDataset data = Instances.data(rng, n, steps, d);
        DiagonalRnn model = Instances.model(rng, act, m, d, wMax);
        for (Loss loss : Loss.values()) {
            LossGradient g = backend.lossAndGradient(model, data, loss);
            double[] w = model.w();
            double[] u = model.u();
            double[] gw = g.gradW();
            double[] gu = g.gradU();
            for (int i = 0; i < m; i++) {
                double[] wp = w.clone();
                double[] wm = w.clone();
                wp[i] += FD_STEP;
                wm[i] -= FD_STEP;
                double fd = (ReferenceRnn.loss(model.withParameters(wp, u), data, loss)
                        - ReferenceRnn.loss(model.withParameters(wm, u), data, loss)) / (2 * FD_STEP);
                assertClose(fd, gw[i], loss + " dR/dw_" + i);
            }
            for (int q = 0; q < m * d; q++) {
                double[] up = u.clone();
                double[] um = u.clone();
                up[q] += FD_STEP;
                um[q] -= FD_STEP;
                double fd = (ReferenceRnn.loss(model.withParameters(w, up), data, loss)
                        - ReferenceRnn.loss(model.withParameters(w, um), data, loss)) / (2 * FD_STEP);
                assertClose(fd, gu[q], loss + " dR/dU[" + q / d + "," + q % d + "]");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("instances")
    void sensitivitiesMatchFiniteDifferencesOfOutputs(Activation act, int n, int steps, int d, int m, double wMax) {
        Random rng = new Random(3 + n * 19L + steps * 23L + m);
        SequenceDataset data = Instances.data(rng, n, steps, d);
        DiagonalRnn model = Instances.model(rng, act, m, d, wMax);
        Sensitivities s = backend.sensitivities(model, data);
        double[] w = model.w();
        double[] u = model.u();
        double sqrtM = Math.sqrt(m);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double[] wp = w.clone();
                double[] wm = w.clone();
                wp[i] += FD_STEP;
                wm[i] -= FD_STEP;
                double[] fp = ReferenceRnn.outputs(model.withParameters(wp, u), data, j);
                double[] fm = ReferenceRnn.outputs(model.withParameters(wm, u), data, j);
                for (int t = 0; t < steps; t++) {
                    double fd = (fp[t] - fm[t]) / (2 * FD_STEP);
                    assertClose(fd, model.c(i) * s.a(j, t, i) / sqrtM, "dF_t/dw_i j=" + j + " t=" + t + " i=" + i);
                }
                for (int k = 0; k < d; k++) {
                    double[] up = u.clone();
                    double[] um = u.clone();
                    up[i * d + k] += FD_STEP;
                    um[i * d + k] -= FD_STEP;
                    double[] gp = ReferenceRnn.outputs(model.withParameters(w, up), data, j);
                    double[] gm = ReferenceRnn.outputs(model.withParameters(w, um), data, j);
                    for (int t = 0; t < steps; t++) {
                        double fd = (gp[t] - gm[t]) / (2 * FD_STEP);
                        assertClose(fd, model.c(i) * s.b(j, t, i, k) / sqrtM,
                                "dF_t/du_ik j=" + j + " t=" + t + " i=" + i + " k=" + k);
                    }
                }
            }
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        double err = Math.abs(expected - actual);
        double allowed = REL_TOL * Math.max(Math.abs(expected), Math.abs(actual)) + ABS_FLOOR;
        assertTrue(err <= allowed, what + ": finite difference " + expected + " vs kernel " + actual
                + " (error " + err + " > " + allowed + ")");
    }
}

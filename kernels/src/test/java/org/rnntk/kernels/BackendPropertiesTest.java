package org.rnntk.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;

/** Exact zero at initialization, thread and precision consistency, and bad input. */
class BackendPropertiesTest {

    /** float32 rounding: ~6e-8 per operation, amplified by at most a few hundred sums here. */
    private static final double FLOAT32_REL_TOL = 1e-4;

    @ParameterizedTest
    @ValueSource(ints = {2, 10, 64, 200, 256, 1024})
    void outputIsExactlyZeroAtTheSymmetricInitialization(int m) {
        Random rng = new Random(m);
        // d = 32: the GEMM's full-width kernels, with mirrored neurons at different column offsets of a block.
        SequenceDataset data = Instances.data(rng, 5, 9, 32);
        for (Precision precision : Precision.values()) {
            try (Nd4jBackend backend = Nd4jBackend.create(precision, 2)) {
                for (Activation act : new Activation[]{Activations.tanh(), Activations.sigmoid()}) {
                    for (RecurrentLaw law : RecurrentLaw.values()) {
                        DiagonalRnn net = Initializers.symmetric(1.3, law, 99 + m).initialize(m, 32, act);
                        double[] f = backend.outputs(net, data);
                        for (int q = 0; q < f.length; q++) {
                            assertEquals(0.0, f[q], 0.0, precision + " " + act + " " + law + " F[" + q + "]");
                        }
                    }
                }
            }
        }
    }

    @Test
    void twoThreadsGiveBitIdenticalResultsToOne() {
        Random rng = new Random(17);
        SequenceDataset data = Instances.data(rng, 8, 64, 4);
        DiagonalRnn model = Instances.model(rng, Activations.tanh(), 128, 4, 1.1);
        try (Nd4jBackend one = Nd4jBackend.create(Precision.FLOAT64, 1);
             Nd4jBackend two = Nd4jBackend.create(Precision.FLOAT64, 2)) {
            for (Loss loss : Loss.values()) {
                LossGradient a = one.lossAndGradient(model, data, loss);
                LossGradient b = two.lossAndGradient(model, data, loss);
                assertEquals(a.loss(), b.loss(), 0.0);
                assertArrayEquals(a.outputs(), b.outputs());
                assertArrayEquals(a.gradW(), b.gradW());
                assertArrayEquals(a.gradU(), b.gradU());
            }
        }
    }

    @Test
    void float32AgreesWithFloat64() {
        Random rng = new Random(5);
        // Short sequences, and long ones whose ∂w runs over many float32 partial sums per tile.
        for (SequenceDataset data : new SequenceDataset[]{Instances.data(rng, 6, 20, 5), Instances.data(rng, 2, 700, 5)}) {
            float32AgreesWithFloat64(rng, data);
        }
    }

    private static void float32AgreesWithFloat64(Random rng, SequenceDataset data) {
        for (Activation act : new Activation[]{Activations.tanh(), Activations.sigmoid()}) {
            DiagonalRnn model = Instances.model(rng, act, 64, 5, 0.9);
            try (Nd4jBackend f64 = Nd4jBackend.create(Precision.FLOAT64, 2);
                 Nd4jBackend f32 = Nd4jBackend.create(Precision.FLOAT32, 2)) {
                for (Loss loss : Loss.values()) {
                    LossGradient a = f64.lossAndGradient(model, data, loss);
                    LossGradient b = f32.lossAndGradient(model, data, loss);
                    assertEquals(a.loss(), b.loss(), FLOAT32_REL_TOL * a.loss());
                    assertVectorClose(a.outputs(), b.outputs());
                    assertVectorClose(a.gradW(), b.gradW());
                    assertVectorClose(a.gradU(), b.gradU());
                }
            }
        }
    }

    private static void assertVectorClose(double[] expected, double[] actual) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += (expected[i] - actual[i]) * (expected[i] - actual[i]);
            norm += expected[i] * expected[i];
        }
        assertTrue(Math.sqrt(diff) <= FLOAT32_REL_TOL * Math.sqrt(norm),
                "float32 differs from float64 by " + Math.sqrt(diff / norm) + " relative");
    }

    @Test
    void mismatchedShapesAreRejected() {
        Random rng = new Random(1);
        SequenceDataset data = Instances.data(rng, 2, 3, 4);
        DiagonalRnn model = Instances.model(rng, Activations.tanh(), 6, 3, 0.5);
        try (Nd4jBackend backend = Nd4jBackend.create()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backend.outputs(model, data));
            assertTrue(e.getMessage().contains("shape [2, 3, 4]") && e.getMessage().contains("d = 3"), e.getMessage());
            SequenceDataset ok = Instances.data(rng, 2, 3, 3);
            IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                    () -> backend.lossAndGradientInto(model, ok, Loss.ALL_STEPS, new double[5], new double[18]));
            assertTrue(g.getMessage().contains("gradW has length 5"), g.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Nd4jBackend.create(Precision.FLOAT64, 0));
    }
}

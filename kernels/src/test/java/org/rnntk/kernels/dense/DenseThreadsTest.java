package org.rnntk.kernels.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Instances;
import org.rnntk.kernels.Precision;
import org.rnntk.kernels.ntk.GramMatrix;

/**
 * The dense backend and NTK made with a thread count (OpenBLAS's during their calls): the results
 * are those of one thread, bit for bit.
 */
class DenseThreadsTest {

    /** Large enough (n·m·m ≈ 10^6 per step) for OpenBLAS to split the GEMMs over its threads. */
    private static final int N = 64;
    private static final int M = 128;

    @Test
    void backendResultsDoNotDependOnTheThreadCount() {
        Random rng = new Random(21);
        SequenceDataset data = Instances.data(rng, N, 6, 3);
        DenseRnn model = DenseInstances.model(rng, Activations.tanh(), M, 3, 0.9);
        try (Nd4jDenseBackend one = Nd4jDenseBackend.create(Precision.FLOAT64, 1);
             Nd4jDenseBackend two = Nd4jDenseBackend.create(Precision.FLOAT64, 2)) {
            assertEquals(2, two.threads());
            for (Loss loss : Loss.values()) {
                LossGradient a = one.lossAndGradient(model, data, loss);
                LossGradient b = two.lossAndGradient(model, data, loss);
                assertEquals(a.loss(), b.loss(), 0.0);
                assertArrayEquals(a.gradW(), b.gradW(), 0.0);
                assertArrayEquals(a.gradU(), b.gradU(), 0.0);
                assertArrayEquals(one.outputs(model, data), two.outputs(model, data), 0.0);
            }
        }
        assertEquals(0, Nd4jDenseBackend.create().threads());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Nd4jDenseBackend.create(Precision.FLOAT64, 0));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
    }

    @Test
    void ntkGramDoesNotDependOnTheThreadCount() {
        Random rng = new Random(22);
        SequenceDataset rows = Instances.data(rng, 24, 4, 2);
        SequenceDataset cols = Instances.data(rng, 9, 4, 2);
        DenseRnn model = DenseInstances.model(rng, Activations.tanh(), 96, 2, 0.8);
        try (DenseNtk one = DenseNtk.create(64L << 20, 1); DenseNtk two = DenseNtk.create(64L << 20, 2)) {
            assertEquals(2, two.threads());
            for (Loss mode : Loss.values()) {
                GramMatrix a = one.gram(model, rows, mode);
                GramMatrix b = two.gram(model, rows, mode);
                assertArrayEquals(a.values(), b.values(), 0.0, mode.toString());
                assertArrayEquals(one.gram(model, rows, cols, mode).values(), two.gram(model, rows, cols, mode).values(),
                        0.0, mode + " cross");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> DenseNtk.create(1L << 20, 0));
    }
}

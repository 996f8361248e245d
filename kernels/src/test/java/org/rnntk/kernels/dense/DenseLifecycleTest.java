package org.rnntk.kernels.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Instances;

/** The dense kernel-regime monitor and NTK after close: calls throw, naming the object; records stay readable. */
class DenseLifecycleTest {

    @Test
    void callsAfterCloseThrow() {
        Random rng = new Random(4);
        DenseRnn model = DenseInstances.model(rng, Activations.tanh(), 6, 2, 0.9);
        SequenceDataset data = Instances.data(rng, 3, 4, 2);
        DenseNtk ntk = DenseNtk.create();
        DenseKernelRegimeMonitor monitor = DenseKernelRegimeMonitor.every(1, ntk, data, Loss.LAST_STEP);
        monitor.onIteration(0, 2, 1.0);
        monitor.onModel(0, model);
        monitor.close();
        monitor.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> monitor.onModel(1, model));
        assertTrue(e.getMessage().contains("DenseKernelRegimeMonitor"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> monitor.onIteration(1, 2, 0.5));
        assertEquals(1, monitor.records().size(), "the records stay readable");
        ntk.close();
        e = assertThrows(IllegalStateException.class, () -> ntk.gram(model, data, Loss.LAST_STEP));
        assertTrue(e.getMessage().contains("DenseNtk"), e.getMessage());
    }
}

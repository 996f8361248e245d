package org.rnntk.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Divergence;
import org.rnntk.core.Drift;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizer;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.TrainingListener;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.core.data.SyntheticTasks;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.KernelRegimeMonitor;
import org.rnntk.kernels.ntk.KernelRegimeRecord;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;

/**
 * The experiments' monitored run equals a {@link KernelRegimeMonitor} attached to
 * {@link Training#run} by hand: the same records, the same divergence, and progress hears every
 * iteration.
 */
class MonitoredTest {

    private static final int ITERATIONS = 12;
    private static final int PERIOD = 5;

    private static void check(Optimizer optimizer, boolean diverges) {
        SequenceDataset data = SyntheticTasks.filter(4, 5, 3, 0.6, 0.5, 1).generate();
        DiagonalRnn theta0 = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 2).initialize(64, 3,
                Activations.tanh());
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 1);
             EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(1))) {
            List<Integer> heard = new ArrayList<>();
            TrainingListener progress = (k, total, loss) -> heard.add(k);
            Monitored.Run run = Monitored.train(backend, ntk, theta0, data, Loss.ALL_STEPS, optimizer, ITERATIONS,
                    PERIOD, progress);
            TrainingHistory h;
            try (KernelRegimeMonitor monitor = KernelRegimeMonitor.every(PERIOD, ntk, data, Loss.ALL_STEPS)) {
                h = Training.run(backend, theta0, data, Loss.ALL_STEPS, optimizer, ITERATIONS, monitor);
                assertEquals(monitor.records(), run.records());
            }
            Divergence expected = h.divergence().orElse(null);
            assertEquals(expected, run.divergence());
            assertEquals(diverges, run.diverged());
            assertEquals(h.iterations() + 1, heard.size());
            // the whole-run extremes cover every iterate, not only the recorded ones: min over k < tau
            double[] losses = h.losses();
            double min = Double.POSITIVE_INFINITY;
            for (int k = 0; k < losses.length && k < ITERATIONS; k++) {
                min = Math.min(min, losses[k]);
            }
            assertEquals(min, run.minLoss(), 0.0);
            double w = 0;
            double u = 0;
            for (int k = 0; k < losses.length; k++) {
                w = Math.max(w, h.maxDriftW()[k]);
                u = Math.max(u, h.maxDriftU()[k]);
            }
            assertEquals(w, run.maxDriftW(), 0.0);
            assertEquals(u, run.maxDriftU(), 0.0);
            for (KernelRegimeRecord r : run.records()) {
                assertTrue(r.drift().maxW() <= run.maxDriftW() && r.drift().maxU() <= run.maxDriftU(), r.toString());
                if (r.iteration() < ITERATIONS) {
                    assertTrue(run.minLoss() <= r.loss(), r.toString());
                }
            }
            if (!diverges) {
                assertEquals(ITERATIONS, run.last().iteration());
                assertEquals(h.lastLoss(), run.last().loss(), 0.0);
                assertEquals(h.finalDrift(), run.last().drift());
            }
        }
    }

    @Test
    void aCompletedRunHasTheMonitorsRecordsAndNoDivergence() {
        check(Optimizers.gradientDescent(0.5), false);
    }

    @Test
    void aDivergedRunKeepsItsDivergence() {
        // At m = 64 a step of 1e3 sends R̂(Θ(1)) above 100 R̂(Θ(0)) (about 340 times it).
        check(Optimizers.gradientDescent(1e3), true);
    }

    @Test
    void aRunCopiesItsRecordsAndWithoutADivergenceDidNotDiverge() {
        List<KernelRegimeRecord> records = new ArrayList<>();
        records.add(new KernelRegimeRecord(0, 1.0, new Drift(0, 0, 0, 0), 0, 0, 0));
        Monitored.Run run = new Monitored.Run(records, null, 1.0, 0.0, 0.0);
        records.clear();
        assertEquals(1, run.records().size());
        assertFalse(run.diverged());
        assertNull(run.divergence());
    }
}

package org.rnntk.kernels.ntk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;

/**
 * Kernel-regime diagnostics along training runs (docs/theory.md §3, §5). Prints the kernel-change
 * table quoted in docs/ntk.md.
 */
class KernelRegimeTest {

    private static final double STEP = 1.0;
    private static final int ITERATIONS = 200;

    /** The JVP behind F_lin against J·ΔΘ from naive gradients. */
    @Test
    void linearizationIsTheJacobianAtInitTimesTheDisplacement() {
        Random rng = new Random(5);
        SequenceDataset data = NtkInstances.data(rng, 3, 6, 2, 1.0);
        DiagonalRnn theta0 = NtkInstances.model(rng, Activations.sigmoid(), 10, 2, 1.2);
        double[] w = theta0.w();
        double[] u = theta0.u();
        double[] dir = new double[w.length + u.length];
        for (int i = 0; i < dir.length; i++) {
            dir[i] = 0.3 * rng.nextGaussian();
        }
        for (int i = 0; i < w.length; i++) {
            w[i] += dir[i];
        }
        for (int i = 0; i < u.length; i++) {
            u[i] += dir[w.length + i];
        }
        DiagonalRnn theta = theta0.withParameters(w, u);
        try (Linearization lin = new Linearization(theta0, data, 2)) {
            double[] f0 = lin.initialOutputs();
            double[] fl = lin.linearized(theta);
            for (int j = 0; j < 3; j++) {
                for (int t = 0; t < 6; t++) {
                    double[] g = NaiveNtk.gradient(theta0, data, j, t);
                    double jv = 0;
                    for (int e = 0; e < g.length; e++) {
                        jv += g[e] * dir[e];
                    }
                    assertEquals(f0[j * 6 + t] + jv, fl[j * 6 + t], 1e-12);
                }
            }
        }
    }

    @Test
    void projectedRunsKeepTheDriftWithinTheRadius() {
        Random rng = new Random(6);
        SequenceDataset data = NtkInstances.data(rng, 6, 5, 3, 0.8);
        double rhoW = 0.5;
        double rhoU = 0.5;
        DiagonalRnn init = Initializers.symmetric(0.9, RecurrentLaw.UNIFORM, 11).initialize(32, 3, Activations.tanh());
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2);
             EmpiricalNtk ntk = Ntk.empirical();
             KernelRegimeMonitor monitor = KernelRegimeMonitor.every(20, ntk, data, Loss.LAST_STEP)) {
            TrainingHistory h = Training.run(backend, init, data, Loss.LAST_STEP,
                    Optimizers.projected(STEP, rhoW, rhoU), ITERATIONS, monitor);
            List<KernelRegimeRecord> records = monitor.records();
            System.out.printf(Locale.ROOT, "PGD, eta = %.1f, rho_w = rho_u = 0.5, m = 32, tanh, alpha = 0.9 UNIFORM,"
                    + " n = 6, T = 5, d = 3, LAST_STEP:%n", STEP);
            records.forEach(System.out::println);
            assertEquals(ITERATIONS / 20 + 1, records.size());
            assertEquals(ITERATIONS, monitor.last().iteration());
            for (KernelRegimeRecord r : records) {
                assertTrue(r.drift().maxW() <= rhoW * (1 + 1e-12), r.toString());
                assertTrue(r.drift().maxU() <= rhoU * (1 + 1e-12), r.toString());
                assertTrue(r.drift().meanU() <= r.drift().maxU());
            }
            // Not vacuous: the projection binds.
            assertTrue(monitor.last().drift().maxU() > 0.9 * rhoU, monitor.last().toString());
            assertEquals(h.lastLoss(), monitor.last().loss(), 0.0);
            assertEquals(h.finalDrift(), monitor.last().drift());
        }
    }

    @Test
    void kernelChangeFallsWithWidthUnderGradientDescent() {
        Random rng = new Random(7);
        SequenceDataset data = NtkInstances.data(rng, 6, 5, 3, 0.8);
        int[] widths = {32, 128, 512, 2048};
        double[] change = new double[widths.length];
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "GD, eta = %.1f, tau = %d, tanh, alpha = 0.9 UNIFORM, n = 6, T = 5, d = 3, LAST_STEP:%n"
                        + "| m | loss(0) | loss(tau) | max drift w | max drift u | dK/K | dK/K*sqrt(m) | max|F-Flin| | max|dF| |%n"
                        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n", STEP, ITERATIONS));
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2); EmpiricalNtk ntk = Ntk.empirical()) {
            for (int a = 0; a < widths.length; a++) {
                int m = widths[a];
                DiagonalRnn init = Initializers.symmetric(0.9, RecurrentLaw.UNIFORM, 12).initialize(m, 3,
                        Activations.tanh());
                try (KernelRegimeMonitor monitor = KernelRegimeMonitor.every(50, ntk, data, Loss.LAST_STEP)) {
                    TrainingHistory h = Training.run(backend, init, data, Loss.LAST_STEP,
                            Optimizers.gradientDescent(STEP), ITERATIONS, monitor);
                    KernelRegimeRecord last = monitor.last();
                    change[a] = last.relativeKernelChange();
                    table.append(String.format(Locale.ROOT, "| %d | %.4g | %.4g | %.4g | %.4g | %.4g | %.4g | %.3g | %.3g |%n",
                            m, h.initialLoss(), h.lastLoss(), last.drift().maxW(), last.drift().maxU(), change[a],
                            change[a] * Math.sqrt(m), last.linearizationError(), last.maxOutputChange()));
                    assertTrue(h.lastLoss() < 0.5 * h.initialLoss(), "training makes progress: " + h);
                    assertTrue(last.linearizationError() < last.maxOutputChange(), last.toString());
                }
            }
        }
        System.out.println(table);
        for (int a = 1; a < widths.length; a++) {
            assertTrue(change[a] < change[a - 1], table.toString());
        }
        assertTrue(change[widths.length - 1] < change[0] / 3, table.toString());
    }
}

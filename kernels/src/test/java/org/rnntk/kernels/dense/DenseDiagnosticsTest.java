package org.rnntk.kernels.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseLaw;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentHistory;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.RecurrentTraining;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Instances;
import org.rnntk.kernels.ntk.KernelRegimeRecord;

/** The dense network's tangent pass and kernel-regime monitor (docs/theory.md §5, §11). */
class DenseDiagnosticsTest {

    /** J(Θ0)v against central differences of F along v, and the O(ε²) remainder of the linearization. */
    @Test
    void tangentPassIsTheDirectionalDerivative() {
        Random rng = new Random(21);
        SequenceDataset data = Instances.data(rng, 3, 6, 2);
        DenseRnn theta0 = DenseInstances.model(rng, Activations.tanh(), 7, 2, 1.1);
        double[] vw = new double[49];
        double[] vu = new double[14];
        for (int i = 0; i < vw.length; i++) {
            vw[i] = rng.nextGaussian();
        }
        for (int i = 0; i < vu.length; i++) {
            vu[i] = rng.nextGaussian();
        }
        try (DenseTangent tangent = new DenseTangent(theta0, data); Nd4jDenseBackend backend = Nd4jDenseBackend.create()) {
            double[] f0 = tangent.initialOutputs();
            double h = 1e-5;
            double[] jvp = minus(tangent.linearized(shifted(theta0, vw, vu, 1.0)), f0);
            double[] plus = backend.outputs(shifted(theta0, vw, vu, h), data);
            double[] minus = backend.outputs(shifted(theta0, vw, vu, -h), data);
            for (int q = 0; q < jvp.length; q++) {
                double fd = (plus[q] - minus[q]) / (2 * h);
                assertEquals(fd, jvp[q], 1e-7 * Math.max(1, Math.abs(fd)), "J v at " + q);
            }
            double e1 = remainder(tangent, backend, theta0, data, vw, vu, 1e-2);
            double e2 = remainder(tangent, backend, theta0, data, vw, vu, 5e-3);
            assertTrue(e1 > 0 && Math.abs(e1 / e2 - 4) < 0.2, "second-order remainder: ratio " + e1 / e2);
        }
    }

    private static double remainder(DenseTangent tangent, Nd4jDenseBackend backend, DenseRnn theta0,
                                    SequenceDataset data, double[] vw, double[] vu, double eps) {
        DenseRnn theta = shifted(theta0, vw, vu, eps);
        double[] f = backend.outputs(theta, data);
        double[] lin = tangent.linearized(theta);
        double worst = 0;
        for (int q = 0; q < f.length; q++) {
            worst = Math.max(worst, Math.abs(f[q] - lin[q]));
        }
        return worst;
    }

    private static DenseRnn shifted(DenseRnn theta0, double[] vw, double[] vu, double eps) {
        double[] w = theta0.w();
        double[] u = theta0.u();
        for (int i = 0; i < w.length; i++) {
            w[i] += eps * vw[i];
        }
        for (int i = 0; i < u.length; i++) {
            u[i] += eps * vu[i];
        }
        return theta0.withParameters(w, u);
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] -= b[i];
        }
        return out;
    }

    /** Under PGD with a small radius the run stays in the kernel regime: bounded drift, small kernel change. */
    @Test
    void monitorRecordsDriftKernelChangeAndLinearizationError() {
        SequenceDataset data = Instances.data(new Random(22), 4, 5, 3);
        DenseRnn start = Initializers.mirroredDense(0.8, DenseLaw.ORTHOGONAL, 4).initialize(24, 3, Activations.tanh());
        double rho = 0.1;
        try (DenseNtk ntk = DenseNtk.create();
             DenseKernelRegimeMonitor monitor = DenseKernelRegimeMonitor.every(5, ntk, data, Loss.LAST_STEP);
             Nd4jDenseBackend backend = Nd4jDenseBackend.create()) {
            RecurrentHistory<DenseRnn> h = RecurrentTraining.run(backend, start, data, Loss.LAST_STEP,
                    Optimizers.projected(1.0, rho, rho), 20, monitor);
            List<KernelRegimeRecord> records = monitor.records();
            assertEquals(5, records.size());
            KernelRegimeRecord first = records.get(0);
            assertEquals(0.0, first.relativeKernelChange(), 0.0);
            KernelRegimeRecord last = monitor.last();
            assertEquals(20, last.iteration());
            assertEquals(h.finalDrift(), last.drift());
            assertTrue(last.drift().maxW() <= rho * (1 + 1e-12));
            assertTrue(last.relativeKernelChange() > 0 && last.relativeKernelChange() < 0.2, last.toString());
            assertTrue(last.linearizationError() < last.maxOutputChange(), last.toString());
        }
    }

    @Test
    void monitorRefusesTheDiagonalNetwork() {
        SequenceDataset data = Instances.data(new Random(23), 2, 3, 2);
        DiagonalRnn diag = Initializers.symmetric(0.5, RecurrentLaw.CONSTANT, 1).initialize(4, 2, Activations.tanh());
        try (DenseNtk ntk = DenseNtk.create();
             DenseKernelRegimeMonitor monitor = DenseKernelRegimeMonitor.every(1, ntk, data, Loss.LAST_STEP)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> monitor.onModel(0, diag));
            assertTrue(e.getMessage().contains("KernelRegimeMonitor"), e.getMessage());
        }
    }
}

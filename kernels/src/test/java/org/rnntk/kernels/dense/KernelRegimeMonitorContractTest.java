package org.rnntk.kernels.dense;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Drift;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentBackend;
import org.rnntk.core.RecurrentModel;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Instances;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.kernels.ntk.KernelRegimeMonitor;
import org.rnntk.kernels.ntk.KernelRegimeRecord;
import org.rnntk.kernels.ntk.Ntk;

/**
 * The contract every {@link KernelRegimeMonitor} keeps, for the diagonal network's and for
 * {@link DenseKernelRegimeMonitor}: which iterations are recorded, what each record holds (checked
 * against the model's own NTK and backend, and against the second-order vanishing of the
 * linearization error), and the lifecycle (iteration 0 first, the other kind of model refused,
 * calls after close refused while the records stay readable). The monitor is driven by hand, so
 * the checks do not depend on a training loop.
 */
class KernelRegimeMonitorContractTest {

    private static final int M = 6;
    private static final int D = 2;
    private static final int N = 3;
    private static final int T = 4;
    private static final double TOL = 1e-12;

    /** One kind of model with the NTK, the backend and the monitor made for it. */
    enum Kind {
        DIAGONAL, DENSE;

        Setup<?> open(SequenceDataset data, Random rng) {
            if (this == DIAGONAL) {
                EmpiricalNtk ntk = Ntk.empirical();
                return new Setup<>(data, Instances.model(rng, Activations.tanh(), M, D, 0.9),
                        DenseInstances.model(rng, Activations.tanh(), M, D, 0.9),
                        (period, mode) -> KernelRegimeMonitor.every(period, ntk, data, mode),
                        (theta, mode) -> ntk.gram(theta, data, mode), Nd4jBackend.create(Precision.FLOAT64, 1), ntk);
            }
            DenseNtk ntk = DenseNtk.create();
            return new Setup<>(data, DenseInstances.model(rng, Activations.tanh(), M, D, 0.9),
                    Instances.model(rng, Activations.tanh(), M, D, 0.9),
                    (period, mode) -> DenseKernelRegimeMonitor.every(period, ntk, data, mode),
                    (theta, mode) -> ntk.gram(theta, data, mode), Nd4jDenseBackend.create(), ntk);
        }
    }

    /**
     * A model Θ0 of one kind, a model of the other kind, the monitor, the Gram and the backend made
     * for Θ0's kind.
     */
    private record Setup<X extends RecurrentModel<X>>(SequenceDataset data, X theta0, RecurrentModel<?> otherKind,
            BiFunction<Integer, Loss, KernelRegimeMonitor> monitors, BiFunction<X, Loss, GramMatrix> grams,
            RecurrentBackend<X> backend, AutoCloseable ntk) implements AutoCloseable {

        KernelRegimeMonitor every(int period, Loss mode) {
            return monitors.apply(period, mode);
        }

        GramMatrix gram(X theta, Loss mode) {
            return grams.apply(theta, mode);
        }

        /** Θ0 moved by {@code scale} along a fixed direction. */
        X moved(double scale) {
            Random rng = new Random(99);
            double[] w = theta0.recurrentWeights();
            double[] u = theta0.u();
            for (int i = 0; i < w.length; i++) {
                w[i] += scale * rng.nextGaussian();
            }
            for (int i = 0; i < u.length; i++) {
                u[i] += scale * rng.nextGaussian();
            }
            return theta0.withParameters(w, u);
        }

        /** The record of Θ at iteration k, from the NTK and the backend directly. */
        void assertRecord(KernelRegimeRecord r, int k, double loss, X theta, Loss mode) {
            assertEquals(k, r.iteration());
            assertEquals(loss, r.loss(), 0.0);
            assertEquals(Drift.between(theta, theta0), r.drift());
            double[] k0 = gram(theta0, mode).values();
            double[] kk = gram(theta, mode).values();
            double diff = 0;
            double norm = 0;
            for (int e = 0; e < k0.length; e++) {
                diff += (kk[e] - k0[e]) * (kk[e] - k0[e]);
                norm += k0[e] * k0[e];
            }
            assertEquals(Math.sqrt(diff / norm), r.relativeKernelChange(), TOL);
            double[] f0 = backend.outputs(theta0, data);
            double[] f = backend.outputs(theta, data);
            double change = 0;
            for (int j = 0; j < N; j++) {
                for (int t = mode == Loss.LAST_STEP ? T - 1 : 0; t < T; t++) {
                    change = Math.max(change, Math.abs(f[j * T + t] - f0[j * T + t]));
                }
            }
            assertEquals(change, r.maxOutputChange(), TOL);
        }

        @Override
        public void close() {
            try {
                backend.close();
                ntk.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Stream<Loss> modes() {
        return Stream.of(Loss.LAST_STEP, Loss.ALL_STEPS);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void recordsEveryPeriodThAndTheLastIterationWithTheModelsOwnKernelAndOutputs(Kind kind) {
        modes().forEach(mode -> {
            try (Setup<?> s = kind.open(Instances.data(new Random(31), N, T, D), new Random(32))) {
                checkSchedule(s, mode);
            }
        });
    }

    private static <X extends RecurrentModel<X>> void checkSchedule(Setup<X> s, Loss mode) {
        int total = 7;
        try (KernelRegimeMonitor monitor = s.every(3, mode)) {
            for (int k = 0; k <= total; k++) {
                monitor.onIteration(k, total, 1.0 / (k + 1));
                monitor.onModel(k, s.moved(0.01 * k));
            }
            List<KernelRegimeRecord> records = monitor.records();
            assertEquals(List.of(0, 3, 6, 7), records.stream().map(KernelRegimeRecord::iteration).toList());
            assertEquals(0.0, records.get(0).relativeKernelChange());
            assertEquals(0.0, records.get(0).linearizationError());
            for (KernelRegimeRecord r : records) {
                int k = r.iteration();
                s.assertRecord(r, k, 1.0 / (k + 1), s.moved(0.01 * k), mode);
            }
            assertEquals(records.get(3), monitor.last());
            assertEquals(s.gram(s.theta0, mode), monitor.initialGram());
        }
    }

    /** F − F_lin is second order in Θ − Θ0: halving the step quarters it, far below the output change. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void theLinearizationErrorIsSecondOrderInTheDisplacement(Kind kind) {
        try (Setup<?> s = kind.open(Instances.data(new Random(33), N, T, D), new Random(34))) {
            double[] errors = linearizationErrors(s, 0.02, 0.01);
            assertTrue(errors[0] > 0, "not vacuous");
            double ratio = errors[0] / errors[1];
            assertTrue(ratio > 3.5 && ratio < 4.5, "ratio " + ratio);
        }
    }

    private static <X extends RecurrentModel<X>> double[] linearizationErrors(Setup<X> s, double... scales) {
        double[] errors = new double[scales.length];
        for (int a = 0; a < scales.length; a++) {
            try (KernelRegimeMonitor monitor = s.every(1, Loss.ALL_STEPS)) {
                monitor.onIteration(0, 1, 1.0);
                monitor.onModel(0, s.theta0);
                monitor.onIteration(1, 1, 1.0);
                monitor.onModel(1, s.moved(scales[a]));
                KernelRegimeRecord r = monitor.last();
                assertTrue(r.linearizationError() < 0.1 * r.maxOutputChange(), r.toString());
                errors[a] = r.linearizationError();
            }
        }
        return errors;
    }

    /** Zero inputs make every parameter gradient vanish: K(Θ0) = 0 is refused and no run starts. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aZeroKernelAtTheStartIsRefusedAndStartsNoRun(Kind kind) {
        SequenceDataset zeros = new SequenceDataset(N, T, D, new double[N * T * D], new double[N * T]);
        try (Setup<?> s = kind.open(zeros, new Random(37));
             KernelRegimeMonitor monitor = s.every(1, Loss.ALL_STEPS)) {
            monitor.onIteration(0, 2, 1.0);
            IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                    () -> monitor.onModel(0, s.theta0));
            assertTrue(zero.getMessage().contains("is zero"), zero.getMessage());
            assertThrows(IllegalStateException.class, monitor::initialGram);
            monitor.onIteration(1, 2, 1.0);
            IllegalStateException early = assertThrows(IllegalStateException.class,
                    () -> monitor.onModel(1, s.theta0));
            assertTrue(early.getMessage().contains("before iteration 0"), early.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void lifecycle(Kind kind) {
        try (Setup<?> s = kind.open(Instances.data(new Random(35), N, T, D), new Random(36))) {
            KernelRegimeMonitor monitor = s.every(1, Loss.LAST_STEP);
            String name = monitor.getClass().getSimpleName();
            assertThrows(IllegalStateException.class, monitor::initialGram);
            assertThrows(IllegalStateException.class, monitor::last);
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                    () -> monitor.onModel(0, s.otherKind));
            assertTrue(wrong.getMessage().startsWith(name + " monitors a "), wrong.getMessage());
            IllegalStateException early = assertThrows(IllegalStateException.class,
                    () -> monitor.onModel(2, s.theta0));
            assertTrue(early.getMessage().contains(name + " saw iteration 2 before iteration 0"), early.getMessage());

            monitor.onIteration(0, 2, 1.0);
            monitor.onModel(0, s.theta0);
            monitor.onIteration(1, 2, 0.5);
            monitor.onModel(1, s.moved(0.01));
            assertEquals(2, monitor.records().size());
            monitor.onIteration(0, 2, 1.0);
            monitor.onModel(0, s.theta0);
            assertEquals(1, monitor.records().size(), "iteration 0 starts a new run");

            monitor.close();
            monitor.close();
            IllegalStateException closed = assertThrows(IllegalStateException.class,
                    () -> monitor.onModel(1, s.theta0));
            assertTrue(closed.getMessage().contains("this " + name + " (LAST_STEP on "), closed.getMessage());
            assertThrows(IllegalStateException.class, () -> monitor.onIteration(1, 2, 0.5));
            assertEquals(1, monitor.records().size(), "the records stay readable");
        }
    }
}

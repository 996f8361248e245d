package org.rnntk.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.bytedeco.openblas.presets.openblas_nolapack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Concurrent;
import org.rnntk.kernels.Instances;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkImplementation;
import org.rnntk.kernels.ntk.NtkOptions;

/**
 * The process-wide OpenBLAS thread count under the library's requests: the smallest active request
 * while any is active; the count found before is put back once none has been active for the restore
 * delay, and not between calls that follow each other; requests from several threads at once leave
 * it where it was; kernel calls on several threads run on one BLAS thread and put the count back.
 */
class BlasThreadsTest {

    /** The count before the library was asked for anything in these tests (the tests run with OMP_NUM_THREADS=1). */
    private static final int OUTSIDE = 2;

    private int before;

    @BeforeEach
    void raise() throws InterruptedException {
        NdBuffers.started();
        long end = System.nanoTime() + 10_000_000_000L;
        while (BlasThreads.restorePending() && System.nanoTime() < end) {
            Thread.sleep(BlasThreads.RESTORE_DELAY_MILLIS / 4);
        }
        before = openblas_nolapack.blas_get_num_threads();
        openblas_nolapack.blas_set_num_threads(OUTSIDE);
        assertEquals(OUTSIDE, openblas_nolapack.blas_get_num_threads(), "OpenBLAS accepts " + OUTSIDE + " threads");
    }

    @AfterEach
    void restore() throws InterruptedException {
        assertEquals(0, BlasThreads.active(), "requests left active");
        awaitRestore();
        if (before >= 1) {
            openblas_nolapack.blas_set_num_threads(before);
        }
    }

    private static int blas() {
        return openblas_nolapack.blas_get_num_threads();
    }

    /** Waits (up to 10 s) for the pending restore, then checks the count found before is back. */
    private static void awaitRestore() throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (BlasThreads.restorePending() && System.nanoTime() < end) {
            Thread.sleep(BlasThreads.RESTORE_DELAY_MILLIS / 4);
        }
        assertTrue(!BlasThreads.restorePending(), "the restore is still pending after 10 s");
        assertEquals(OUTSIDE, blas(), "the count after the restore");
    }

    @Test
    void theSmallestActiveRequestHoldsAndTheLastOnePutsTheCountBack() throws InterruptedException {
        try (BlasThreads.Scope wide = BlasThreads.request(3)) {
            assertEquals(3, blas());
            try (BlasThreads.Scope single = BlasThreads.single()) {
                assertEquals(1, blas());
                BlasThreads.Scope other = BlasThreads.request(2);
                assertEquals(1, blas());
                single.close();
                single.close();
                assertEquals(2, blas(), "after the single request left, the smallest is 2");
                other.close();
                assertEquals(3, blas());
            }
        }
        awaitRestore();
    }

    @Test
    void callsInQuickSuccessionChangeTheCountOnceAndTheProcessCountIsKept() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (BlasThreads.Scope s = BlasThreads.single()) {
                assertEquals(1, blas());
            }
            // Between calls the count stays lowered: no stop and restart of OpenBLAS's worker per call.
            assertTrue(BlasThreads.restorePending(), "restore pending after call " + i);
        }
        // A call that wants the process's own count gets the one found before, not the lowered one.
        try (BlasThreads.Scope s = BlasThreads.processDefault()) {
            assertEquals(OUTSIDE, s.requested());
            assertEquals(OUTSIDE, blas());
        }
        awaitRestore();
    }

    @Test
    void aCountTheCallerSetsMeanwhileIsKept() throws InterruptedException {
        try (BlasThreads.Scope s = BlasThreads.single()) {
            assertEquals(1, blas());
        }
        // The caller's own setting while the restore is pending: it becomes the process's count.
        openblas_nolapack.blas_set_num_threads(3);
        try (BlasThreads.Scope s = BlasThreads.processDefault()) {
            assertEquals(3, s.requested());
            assertEquals(3, blas());
        }
        long end = System.nanoTime() + 10_000_000_000L;
        while (BlasThreads.restorePending() && System.nanoTime() < end) {
            Thread.sleep(BlasThreads.RESTORE_DELAY_MILLIS / 4);
        }
        assertEquals(3, blas(), "the caller's count after the restore");
        openblas_nolapack.blas_set_num_threads(OUTSIDE);
    }

    @Test
    void requestsFromSeveralThreadsAtOnceLeaveTheCountWhereItWas() throws InterruptedException {
        AtomicInteger above = new AtomicInteger();
        List<Throwable> failures = Concurrent.run(4, 300, (t, i) -> {
            int k = 1 + new Random(31L * t + i).nextInt(3);
            try (BlasThreads.Scope s = BlasThreads.request(k)) {
                if (blas() > k) {
                    above.incrementAndGet();
                }
            }
        });
        assertTrue(failures.isEmpty(), () -> "first failure: " + failures.get(0));
        assertEquals(0, above.get(), "calls saw more OpenBLAS threads than they asked for");
        awaitRestore();
    }

    @Test
    void kernelCallsOnSeveralThreadsRunOnOneBlasThreadAndRestoreTheCount() throws InterruptedException {
        // The activation reads the count from inside the kernels' loops, on the pools' threads too.
        AtomicInteger maxSeen = new AtomicInteger();
        Activation tanh = Activations.tanh();
        Activation probe = Activations.custom("tanh-probe", z -> {
            maxSeen.accumulateAndGet(blas(), Math::max);
            return Math.tanh(z);
        }, z -> 1 - Math.tanh(z) * Math.tanh(z), z -> -2 * Math.tanh(z) * (1 - Math.tanh(z) * Math.tanh(z)),
                tanh.constants());
        Random rng = new Random(9);
        SequenceDataset data = Instances.data(rng, 4, 32, 3);
        DiagonalRnn model = Instances.model(rng, probe, 300, 3, 0.9);
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2);
             EmpiricalNtk ntk = Ntk.empirical(new NtkOptions(NtkImplementation.JACOBIAN_CONTRACTION, 1 << 22, 2))) {
            List<Throwable> failures = Concurrent.run(3, 30, (t, i) -> {
                if (t == 2) {
                    ntk.gram(model, data, Loss.LAST_STEP);
                } else {
                    backend.lossAndGradient(model, data, Loss.ALL_STEPS);
                }
            });
            assertTrue(failures.isEmpty(), () -> "first failure: " + failures.get(0));
        }
        assertEquals(1, maxSeen.get(), "the most OpenBLAS threads seen during a kernel call");
        awaitRestore();
    }
}

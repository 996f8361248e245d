package org.rnntk.kernels.ntk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Concurrent;

/**
 * One {@link EmpiricalNtk} shared by several threads: every Gram is bit-identical to the one
 * computed alone first, for Grams of different shapes, modes and implementations; a racing
 * {@code close()} lets each call finish correctly or fail with {@link IllegalStateException}; calls
 * after close throw it. Also the {@link KernelRegimeMonitor} after close.
 */
class NtkConcurrencyTest {

    private static final int THREADS = 4;

    /** A Gram request and its answer computed alone. */
    private record Case(DiagonalRnn model, SequenceDataset rows, SequenceDataset cols, Loss mode,
                        GramMatrix expected) {
        GramMatrix on(EmpiricalNtk ntk) {
            return rows == cols ? ntk.gram(model, rows, mode) : ntk.gram(model, rows, cols, mode);
        }
    }

    private static Case[] cases(EmpiricalNtk ntk) {
        Random rng = new Random(23);
        DiagonalRnn small = NtkInstances.model(rng, Activations.tanh(), 16, 3, 1.1);
        DiagonalRnn wide = NtkInstances.model(rng, NtkInstances.customTanh(), 96, 3, 0.9);
        SequenceDataset a = NtkInstances.data(rng, 4, 5, 3, 1);
        SequenceDataset b = NtkInstances.data(rng, 3, 8, 3, 1);
        SequenceDataset c = NtkInstances.data(rng, 6, 16, 3, 1);
        boolean allSteps = ntk.options().implementation() == NtkImplementation.JACOBIAN_CONTRACTION;
        Object[][] specs = {{small, a, a, Loss.LAST_STEP}, {wide, b, b, Loss.LAST_STEP},
                {small, a, b, Loss.LAST_STEP}, {wide, c, c, Loss.LAST_STEP},
                {small, b, a, allSteps ? Loss.ALL_STEPS : Loss.LAST_STEP}};
        Case[] out = new Case[specs.length];
        for (int i = 0; i < specs.length; i++) {
            DiagonalRnn m = (DiagonalRnn) specs[i][0];
            SequenceDataset r = (SequenceDataset) specs[i][1];
            SequenceDataset col = (SequenceDataset) specs[i][2];
            Loss mode = (Loss) specs[i][3];
            Case pending = new Case(m, r, col, mode, null);
            out[i] = new Case(m, r, col, mode, pending.on(ntk));
        }
        return out;
    }

    private static void assertSame(Case c, GramMatrix got, String what) {
        assertEquals(c.expected.rows(), got.rows(), what + ": rows");
        assertEquals(c.expected.cols(), got.cols(), what + ": cols");
        assertArrayEquals(c.expected.values(), got.values(), what + ": entries");
    }

    @Test
    void gramsOfDifferentShapesFromSeveralThreadsAreExact() throws InterruptedException {
        for (NtkImplementation impl : NtkImplementation.values()) {
            // A small block budget: the larger Grams run in several panels, through more of the buffers.
            try (EmpiricalNtk ntk = Ntk.empirical(new NtkOptions(impl, 64 * 1024, 2))) {
                Case[] cases = cases(ntk);
                int calls = 60;
                List<Throwable> failures = Concurrent.run(THREADS, calls, (t, i) -> {
                    Case c = cases[(t + i) % cases.length];
                    assertSame(c, c.on(ntk), impl + " thread " + t + " call " + i);
                });
                assertTrue(failures.isEmpty(), () -> impl + ": " + failures.size() + " of " + THREADS * calls
                        + " calls failed, first: " + failures.get(0));
            }
        }
    }

    @Test
    void theSameGramFromSeveralThreadsIsExact() throws InterruptedException {
        try (EmpiricalNtk ntk = Ntk.empirical(new NtkOptions(NtkImplementation.JACOBIAN_CONTRACTION, 1 << 20, 2))) {
            Case c = cases(ntk)[3];
            int calls = 60;
            List<Throwable> failures = Concurrent.run(THREADS, calls, (t, i) -> assertSame(c, c.on(ntk), "call " + i));
            assertTrue(failures.isEmpty(), () -> failures.size() + " of " + THREADS * calls + " calls failed, first: "
                    + failures.get(0));
        }
    }

    @Test
    void closeDuringCallsLetsEachCallFinishOrFailCleanly() throws InterruptedException {
        Random rng = new Random(3);
        Concurrent.Counts counts = new Concurrent.Counts();
        int rounds = 25;
        int calls = 20;
        for (int round = 0; round < rounds; round++) {
            EmpiricalNtk ntk = Ntk.empirical(new NtkOptions(NtkImplementation.JACOBIAN_CONTRACTION, 1 << 20, 2));
            Case[] cases = cases(ntk);
            AtomicBoolean closed = new AtomicBoolean();
            long delayNanos = rng.nextInt(4000) * 1000L;
            Thread closer = new Thread(() -> {
                java.util.concurrent.locks.LockSupport.parkNanos(delayNanos);
                ntk.close();
                closed.set(true);
            });
            closer.start();
            List<Throwable> failures = Concurrent.run(2, calls, (t, i) -> {
                Case c = cases[(t + i) % cases.length];
                boolean closedBefore = closed.get();
                GramMatrix got;
                try {
                    got = c.on(ntk);
                } catch (IllegalStateException e) {
                    assertTrue(e.getMessage().contains("EmpiricalNtk") && e.getMessage().contains("closed"),
                            e.getMessage());
                    counts.refused.incrementAndGet();
                    return;
                }
                assertTrue(!closedBefore, "a call that began after close() returned a result");
                assertSame(c, got, "call " + i);
                counts.correct.incrementAndGet();
            });
            closer.join();
            assertTrue(failures.isEmpty(), () -> failures.size() + " calls failed, first: " + failures.get(0));
        }
        assertEquals((long) rounds * 2 * calls, counts.total());
        assertTrue(counts.correct.get() > 0 && counts.refused.get() > 0,
                () -> "correct " + counts.correct + ", refused " + counts.refused);
    }

    @Test
    void callsAfterCloseThrow() {
        Random rng = new Random(1);
        DiagonalRnn model = NtkInstances.model(rng, Activations.tanh(), 8, 2, 0.9);
        SequenceDataset data = NtkInstances.data(rng, 3, 4, 2, 1);
        EmpiricalNtk ntk = Ntk.empirical(new NtkOptions(NtkImplementation.JACOBIAN_CONTRACTION, 1 << 20, 2));
        ntk.gram(model, data, Loss.LAST_STEP);
        ntk.close();
        ntk.close();
        for (IllegalStateException e : new IllegalStateException[]{
                assertThrows(IllegalStateException.class, () -> ntk.gram(model, data, Loss.LAST_STEP)),
                assertThrows(IllegalStateException.class, () -> ntk.gram(model, data, data, Loss.ALL_STEPS))}) {
            assertTrue(e.getMessage().contains("EmpiricalNtk"), e.getMessage());
        }

        try (EmpiricalNtk live = Ntk.empirical(new NtkOptions(NtkImplementation.JACOBIAN_CONTRACTION, 1 << 20, 2))) {
            KernelRegimeMonitor monitor = KernelRegimeMonitor.every(1, live, data, Loss.LAST_STEP);
            monitor.onIteration(0, 2, 1.0);
            monitor.onParameters(0, model);
            monitor.close();
            monitor.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> monitor.onParameters(1, model));
            assertTrue(e.getMessage().contains("KernelRegimeMonitor"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> monitor.onIteration(1, 2, 0.5));
            assertEquals(1, monitor.records().size(), "the records stay readable");
        }
    }
}

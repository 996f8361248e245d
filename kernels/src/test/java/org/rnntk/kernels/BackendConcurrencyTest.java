package org.rnntk.kernels;

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
import org.rnntk.core.LossGradient;
import org.rnntk.core.SequenceDataset;

/**
 * One {@link Nd4jBackend} shared by several threads: every returned loss, output and gradient is
 * bit-identical to the single-threaded reference computed first, whatever the interleaving; a
 * {@code close()} racing the calls lets each call either finish correctly or fail with
 * {@link IllegalStateException}; every call after {@code close()} throws it.
 */
class BackendConcurrencyTest {

    private static final int THREADS = 4;

    /** A problem and its single-threaded reference result. */
    private record Case(DiagonalRnn model, SequenceDataset data, Loss loss, LossGradient expected) {
    }

    private static Case[] cases(Nd4jBackend backend) {
        Random rng = new Random(41);
        // Different n, T, d and m; the last is large enough (n·T·m > 2^15) for the backend's own worker.
        SequenceDataset[] data = {Instances.data(rng, 3, 10, 4), Instances.data(rng, 5, 7, 3),
                Instances.data(rng, 4, 64, 5)};
        DiagonalRnn[] models = {Instances.model(rng, Activations.tanh(), 32, 4, 1.1),
                Instances.model(rng, Instances.customTanh(), 48, 3, 0.9),
                Instances.model(rng, Activations.tanh(), 160, 5, 1.0)};
        Loss[] losses = {Loss.LAST_STEP, Loss.ALL_STEPS, Loss.ALL_STEPS};
        Case[] out = new Case[data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Case(models[i], data[i], losses[i], backend.lossAndGradient(models[i], data[i], losses[i]));
        }
        return out;
    }

    private static void assertSame(Case c, LossGradient got, String what) {
        assertEquals(Double.doubleToRawLongBits(c.expected.loss()), Double.doubleToRawLongBits(got.loss()),
                what + ": loss");
        assertArrayEquals(c.expected.outputs(), got.outputs(), what + ": outputs");
        assertArrayEquals(c.expected.gradW(), got.gradW(), what + ": gradW");
        assertArrayEquals(c.expected.gradU(), got.gradU(), what + ": gradU");
    }

    @Test
    void differentShapesFromSeveralThreadsAreExact() throws InterruptedException {
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2)) {
            Case[] cases = cases(backend);
            int calls = 150;
            List<Throwable> failures = Concurrent.run(THREADS, calls, (t, i) -> {
                Case c = cases[(t + i) % cases.length];
                assertSame(c, backend.lossAndGradient(c.model, c.data, c.loss), "thread " + t + " call " + i);
            });
            assertTrue(failures.isEmpty(), () -> failures.size() + " of " + THREADS * calls + " calls failed, first: "
                    + failures.get(0));
        }
    }

    @Test
    void sameDataAndModelFromSeveralThreadsAreExact() throws InterruptedException {
        for (Precision precision : Precision.values()) {
            try (Nd4jBackend backend = Nd4jBackend.create(precision, 2)) {
                Case c = cases(backend)[2];
                double[] outputs = backend.outputs(c.model, c.data);
                int calls = 150;
                List<Throwable> failures = Concurrent.run(THREADS, calls, (t, i) -> {
                    if (i % 10 == 9) {
                        assertArrayEquals(outputs, backend.outputs(c.model, c.data), "outputs");
                    } else {
                        assertSame(c, backend.lossAndGradient(c.model, c.data, c.loss), precision + " call " + i);
                    }
                });
                assertTrue(failures.isEmpty(), () -> precision + ": " + failures.size() + " of " + THREADS * calls
                        + " calls failed, first: " + failures.get(0));
            }
        }
    }

    @Test
    void closeDuringCallsLetsEachCallFinishOrFailCleanly() throws InterruptedException {
        Random rng = new Random(7);
        Concurrent.Counts counts = new Concurrent.Counts();
        for (int round = 0; round < 40; round++) {
            Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2);
            Case[] cases = cases(backend);
            AtomicBoolean closed = new AtomicBoolean();
            int delayMicros = rng.nextInt(3000);
            Thread closer = new Thread(() -> {
                java.util.concurrent.locks.LockSupport.parkNanos(delayMicros * 1000L);
                backend.close();
                closed.set(true);
            });
            closer.start();
            List<Throwable> failures = Concurrent.run(2, 40, (t, i) -> {
                Case c = cases[(t + i) % cases.length];
                boolean closedBefore = closed.get();
                LossGradient got;
                try {
                    got = backend.lossAndGradient(c.model, c.data, c.loss);
                } catch (IllegalStateException e) {
                    assertTrue(e.getMessage().contains("Nd4jBackend") && e.getMessage().contains("closed"),
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
            assertThrows(IllegalStateException.class, () -> backend.loss(cases[0].model, cases[0].data, Loss.LAST_STEP));
        }
        assertEquals(40 * 2 * 40, counts.total());
        assertTrue(counts.correct.get() > 0 && counts.refused.get() > 0,
                () -> "correct " + counts.correct + ", refused " + counts.refused);
    }

    @Test
    void everyCallAfterCloseThrows() {
        Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2);
        Case c = cases(backend)[0];
        backend.close();
        backend.close();
        DiagonalRnn m = c.model;
        SequenceDataset d = c.data;
        double[] gw = new double[m.width()];
        double[] gu = new double[m.width() * m.inputDim()];
        for (org.junit.jupiter.api.function.Executable call : new org.junit.jupiter.api.function.Executable[]{
                () -> backend.outputs(m, d), () -> backend.loss(m, d, Loss.ALL_STEPS),
                () -> backend.lossAndGradient(m, d, Loss.ALL_STEPS),
                () -> backend.lossAndGradientInto(m, d, Loss.ALL_STEPS, gw, gu), () -> backend.sensitivities(m, d)}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call);
            assertTrue(e.getMessage().contains("Nd4jBackend"), e.getMessage());
        }
    }
}

package org.rnntk.kernels.pl;

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
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.kernels.Concurrent;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;

/**
 * The certificate path ({@link RnnCertificates#certify}) from several threads with one shared
 * {@link Nd4jBackend}: every verdict, spectrum and Θ0 is identical to the one computed alone first;
 * closing the backend during the calls lets each finish identically or fail with
 * {@link IllegalStateException}; after close every certification throws it.
 */
class CertificateConcurrencyTest {

    private static final int THREADS = 4;

    private record Case(DiagonalRnn model, SequenceDataset data, Loss loss, RnnCertificate expected) {
        RnnCertificate on(Nd4jBackend backend) {
            return RnnCertificates.certify(backend, model, data, loss);
        }
    }

    private static Case[] cases(Nd4jBackend backend) {
        Object[][] specs = {{8, PlFixtures.sequences(3, 3, 3, 3, 0.05), Loss.LAST_STEP},
                {64, PlFixtures.sequences(4, 4, 5, 3, 0.05), Loss.ALL_STEPS},
                {512, PlFixtures.sequences(3, 3, 3, 3, 0.05), Loss.LAST_STEP},
                {96, PlFixtures.sequences(5, 2, 40, 4, 0.1), Loss.LAST_STEP}};
        Case[] out = new Case[specs.length];
        for (int i = 0; i < specs.length; i++) {
            SequenceDataset data = (SequenceDataset) specs[i][1];
            DiagonalRnn model = Initializers.symmetric(0.2, RecurrentLaw.CONSTANT, 7 + i)
                    .initialize((Integer) specs[i][0], data.inputDim(), Activations.tanh());
            Loss loss = (Loss) specs[i][2];
            out[i] = new Case(model, data, loss, RnnCertificates.certify(backend, model, data, loss));
        }
        return out;
    }

    private static void assertSame(Case c, RnnCertificate got, String what) {
        assertEquals(c.expected.verdict(), got.verdict(), what + ": verdict");
        assertEquals(c.expected.spectrum(), got.spectrum(), what + ": spectrum");
        assertArrayEquals(c.expected.x0(), got.x0(), what + ": x0");
    }

    @Test
    void certificatesFromSeveralThreadsOnOneBackendAreExact() throws InterruptedException {
        try (Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2)) {
            Case[] cases = cases(backend);
            int calls = 60;
            List<Throwable> failures = Concurrent.run(THREADS, calls, (t, i) -> {
                Case c = cases[(t + i) % cases.length];
                assertSame(c, c.on(backend), "thread " + t + " call " + i);
            });
            assertTrue(failures.isEmpty(), () -> failures.size() + " of " + THREADS * calls + " calls failed, first: "
                    + failures.get(0));
        }
    }

    @Test
    void closingTheBackendDuringCertificationsFailsCleanly() throws InterruptedException {
        Random rng = new Random(11);
        Concurrent.Counts counts = new Concurrent.Counts();
        int rounds = 12;
        int calls = 15;
        for (int round = 0; round < rounds; round++) {
            Nd4jBackend backend = Nd4jBackend.create(Precision.FLOAT64, 2);
            Case[] cases = cases(backend);
            AtomicBoolean closed = new AtomicBoolean();
            long delayNanos = rng.nextInt(5000) * 1000L;
            Thread closer = new Thread(() -> {
                java.util.concurrent.locks.LockSupport.parkNanos(delayNanos);
                backend.close();
                closed.set(true);
            });
            closer.start();
            List<Throwable> failures = Concurrent.run(2, calls, (t, i) -> {
                Case c = cases[(t + i) % cases.length];
                boolean closedBefore = closed.get();
                RnnCertificate got;
                try {
                    got = c.on(backend);
                } catch (IllegalStateException e) {
                    assertTrue(e.getMessage().contains("Nd4jBackend") && e.getMessage().contains("closed"),
                            e.getMessage());
                    counts.refused.incrementAndGet();
                    return;
                }
                assertTrue(!closedBefore, "a certification that began after close() returned a verdict");
                assertSame(c, got, "call " + i);
                counts.correct.incrementAndGet();
            });
            closer.join();
            assertTrue(failures.isEmpty(), () -> failures.size() + " calls failed, first: " + failures.get(0));
            Case c = cases[0];
            assertThrows(IllegalStateException.class, () -> c.on(backend));
        }
        assertEquals((long) rounds * 2 * calls, counts.total());
        assertTrue(counts.correct.get() > 0 && counts.refused.get() > 0,
                () -> "correct " + counts.correct + ", refused " + counts.refused);
    }
}

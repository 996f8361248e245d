package org.rnntk.kernels.feedforward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.rnntk.core.feedforward.FeedforwardActivation;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardData;
import org.rnntk.core.feedforward.FeedforwardNetwork;
import org.rnntk.kernels.Concurrent;

/**
 * One {@link Nd4jFeedforwardBackend} shared by several threads: losses and gradients bit-identical
 * to the ones computed alone first (architectures small enough for the Java loops and large enough
 * for the ND4J GEMMs); a racing close lets each call finish or fail with
 * {@link IllegalStateException}; calls after close throw it.
 */
class FeedforwardConcurrencyTest {

    private static final int THREADS = 4;

    private record Case(FeedforwardNetwork net, FeedforwardData data, double loss, double[] gradient) {
    }

    private static FeedforwardData data(long seed, int n, int d) {
        Well19937c rng = new Well19937c(seed);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian() / Math.sqrt(d);
        }
        for (int i = 0; i < n; i++) {
            y[i] = 2 * rng.nextDouble() - 1;
        }
        return new FeedforwardData(n, d, x, y);
    }

    private static Case[] cases(Nd4jFeedforwardBackend backend) {
        // The last has 64·64·64 = 2^18 multiply-adds per product: it goes through the ND4J GEMMs.
        FeedforwardConfig[] configs = {new FeedforwardConfig(3, new int[] {8}, FeedforwardActivation.TANH, true),
                new FeedforwardConfig(5, new int[] {12, 7}, FeedforwardActivation.SIGMOID, false),
                new FeedforwardConfig(64, new int[] {64, 64}, FeedforwardActivation.TANH, true)};
        int[] n = {10, 17, 64};
        Case[] out = new Case[configs.length];
        for (int i = 0; i < configs.length; i++) {
            Well19937c rng = new Well19937c(100 + i);
            double[] theta = new double[configs[i].parameterCount()];
            for (int k = 0; k < theta.length; k++) {
                theta[k] = 0.7 * rng.nextGaussian();
            }
            FeedforwardNetwork net = new FeedforwardNetwork(configs[i], theta);
            FeedforwardData data = data(200 + i, n[i], configs[i].inputDim());
            double[] g = new double[theta.length];
            double loss = backend.lossAndGradientInto(net, data, g);
            out[i] = new Case(net, data, loss, g);
        }
        return out;
    }

    private static void check(Nd4jFeedforwardBackend backend, Case c, String what) {
        double[] g = new double[c.gradient.length];
        double loss = backend.lossAndGradientInto(c.net, c.data, g);
        assertEquals(Double.doubleToRawLongBits(c.loss), Double.doubleToRawLongBits(loss), what + ": loss");
        assertArrayEquals(c.gradient, g, what + ": gradient");
    }

    @Test
    void differentArchitecturesFromSeveralThreadsAreExact() throws InterruptedException {
        try (Nd4jFeedforwardBackend backend = Nd4jFeedforwardBackend.create()) {
            Case[] cases = cases(backend);
            int calls = 100;
            List<Throwable> failures = Concurrent.run(THREADS, calls, (t, i) ->
                    check(backend, cases[(t + i) % cases.length], "thread " + t + " call " + i));
            assertTrue(failures.isEmpty(), () -> failures.size() + " of " + THREADS * calls + " calls failed, first: "
                    + failures.get(0));
        }
    }

    @Test
    void closeDuringCallsFailsCleanlyAndCallsAfterCloseThrow() throws InterruptedException {
        Random rng = new Random(5);
        Concurrent.Counts counts = new Concurrent.Counts();
        for (int round = 0; round < 20; round++) {
            Nd4jFeedforwardBackend backend = Nd4jFeedforwardBackend.create();
            Case[] cases = cases(backend);
            AtomicBoolean closed = new AtomicBoolean();
            long delayNanos = rng.nextInt(3000) * 1000L;
            Thread closer = new Thread(() -> {
                java.util.concurrent.locks.LockSupport.parkNanos(delayNanos);
                backend.close();
                closed.set(true);
            });
            closer.start();
            List<Throwable> failures = Concurrent.run(2, 20, (t, i) -> {
                boolean closedBefore = closed.get();
                try {
                    check(backend, cases[(t + i) % cases.length], "call " + i);
                } catch (IllegalStateException e) {
                    assertTrue(e.getMessage().contains("Nd4jFeedforwardBackend"), e.getMessage());
                    counts.refused.incrementAndGet();
                    return;
                }
                assertTrue(!closedBefore, "a call that began after close() returned a result");
                counts.correct.incrementAndGet();
            });
            closer.join();
            assertTrue(failures.isEmpty(), () -> failures.size() + " calls failed, first: " + failures.get(0));
            Case c = cases[2];
            assertThrows(IllegalStateException.class, () -> backend.loss(c.net, c.data));
            assertThrows(IllegalStateException.class, () -> backend.outputs(c.net, c.data));
            assertThrows(IllegalStateException.class, () -> backend.gradient(c.net, c.data));
            backend.close();
        }
        assertEquals(20 * 2 * 20, counts.total());
        assertTrue(counts.correct.get() > 0 && counts.refused.get() > 0,
                () -> "correct " + counts.correct + ", refused " + counts.refused);
    }
}

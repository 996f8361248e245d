package org.rnntk.kernels.feedforward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.rnntk.core.feedforward.FeedforwardActivation;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardData;
import org.rnntk.core.feedforward.FeedforwardNetwork;

/** The feedforward backend made with a thread count (OpenBLAS's during its GEMMs): the results of one thread, bit for bit. */
class FeedforwardThreadsTest {

    @Test
    void gradientOnTheGemmPathDoesNotDependOnTheThreadCount() {
        // 128·64·64 multiply-adds per product: every layer goes through DGEMM, split over OpenBLAS's threads.
        FeedforwardConfig cfg = new FeedforwardConfig(64, new int[] {64, 64}, FeedforwardActivation.TANH, true);
        Well19937c rng = new Well19937c(5);
        double[] theta = new double[cfg.parameterCount()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.15 * rng.nextGaussian();
        }
        int n = 128;
        double[] x = new double[n * 64];
        double[] y = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian() / 8;
        }
        for (int i = 0; i < n; i++) {
            y[i] = 2 * rng.nextDouble() - 1;
        }
        FeedforwardNetwork net = new FeedforwardNetwork(cfg, theta);
        FeedforwardData data = new FeedforwardData(n, 64, x, y);
        try (Nd4jFeedforwardBackend one = Nd4jFeedforwardBackend.create(1);
             Nd4jFeedforwardBackend two = Nd4jFeedforwardBackend.create(2)) {
            assertEquals(2, two.threads());
            double[] g1 = new double[cfg.parameterCount()];
            double[] g2 = new double[cfg.parameterCount()];
            assertEquals(one.lossAndGradientInto(net, data, g1), two.lossAndGradientInto(net, data, g2), 0.0);
            assertArrayEquals(g1, g2, 0.0);
            assertArrayEquals(one.outputs(net, data), two.outputs(net, data), 0.0);
        }
        assertThrows(IllegalArgumentException.class, () -> Nd4jFeedforwardBackend.create(0));
    }
}

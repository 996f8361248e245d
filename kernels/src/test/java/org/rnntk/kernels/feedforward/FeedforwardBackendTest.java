package org.rnntk.kernels.feedforward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rnntk.core.feedforward.FeedforwardActivation;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardData;
import org.rnntk.core.feedforward.FeedforwardInitializers;
import org.rnntk.core.feedforward.FeedforwardNetwork;

/** Backprop against central differences, the positive initialization and the Gaussian draws. */
class FeedforwardBackendTest {

    /** Central-difference step. */
    private static final double FD_STEP = 1e-6;
    /** Relative error allowed between backprop and central differences. */
    private static final double FD_REL_TOL = 1e-6;
    /** Absolute floor of that comparison. */
    private static final double FD_ABS_FLOOR = 1e-8;

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

    private static FeedforwardNetwork randomNetwork(FeedforwardConfig cfg, long seed) {
        Well19937c rng = new Well19937c(seed);
        double[] theta = new double[cfg.parameterCount()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = 0.7 * rng.nextGaussian();
        }
        return new FeedforwardNetwork(cfg, theta);
    }

    private static void checkAgainstFiniteDifferences(FeedforwardNetwork net, FeedforwardData data, int[] coords) {
        try (Nd4jFeedforwardBackend be = Nd4jFeedforwardBackend.create()) {
            double[] g = new double[net.config().parameterCount()];
            double loss = be.lossAndGradientInto(net, data, g);
            assertEquals(be.loss(net, data), loss, 1e-15 * Math.max(1, loss));
            double[] theta = net.parameters();
            for (int k : coords) {
                double[] plus = theta.clone();
                double[] minus = theta.clone();
                plus[k] += FD_STEP;
                minus[k] -= FD_STEP;
                double fd = (be.loss(net.withParameters(plus), data) - be.loss(net.withParameters(minus), data))
                        / (2 * FD_STEP);
                double err = Math.abs(fd - g[k]);
                assertTrue(err <= FD_REL_TOL * Math.abs(fd) + FD_ABS_FLOOR,
                        "coordinate " + k + ": backprop " + g[k] + " vs central difference " + fd);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FeedforwardActivation.class)
    void gradientMatchesFiniteDifferencesAtDepthsTwoToFour(FeedforwardActivation phi) {
        int[][] widths = {{5}, {4, 3}, {3, 4, 2}};
        for (int[] h : widths) {
            for (boolean biases : new boolean[] {false, true}) {
                FeedforwardConfig cfg = new FeedforwardConfig(3, h, phi, biases);
                FeedforwardNetwork net = randomNetwork(cfg, 11 + h.length);
                int[] all = new int[cfg.parameterCount()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = i;
                }
                checkAgainstFiniteDifferences(net, data(5, 6, 3), all);
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesOnTheGemmPath() {
        // 64·64·64 = 2^18 multiply-adds per product: every layer goes through ND4J DGEMM.
        FeedforwardConfig cfg = new FeedforwardConfig(64, new int[] {64, 64}, FeedforwardActivation.TANH, true);
        FeedforwardNetwork net = randomNetwork(cfg, 3);
        double[] theta = net.parameters();
        for (int i = 0; i < theta.length; i++) {
            theta[i] *= 0.2;
        }
        int[] coords = {0, 1, 4095, 4096 + 5, 4096 + 64 + 77, 2 * 4096 + 127, cfg.parameterCount() - 3,
                cfg.parameterCount() - 1};
        checkAgainstFiniteDifferences(net.withParameters(theta), data(9, 64, 64), coords);
    }

    @Test
    void outputsMatchAHandComputedNetwork() {
        FeedforwardConfig cfg = new FeedforwardConfig(2, new int[] {2}, FeedforwardActivation.TANH, true);
        // W1 = [[1, 2], [3, 4]], b1 = [0.5, -0.5], w2 = [1, -1], b2 = 0.25.
        double[] theta = {1, 2, 3, 4, 0.5, -0.5, 1, -1, 0.25};
        FeedforwardData d = new FeedforwardData(1, 2, new double[] {0.1, -0.2}, new double[] {0.0});
        double expected = Math.tanh(0.1 - 0.4 + 0.5) - Math.tanh(0.3 - 0.8 - 0.5) + 0.25;
        try (Nd4jFeedforwardBackend be = Nd4jFeedforwardBackend.create()) {
            assertEquals(expected, be.outputs(new FeedforwardNetwork(cfg, theta), d)[0], 1e-15);
        }
    }

    @Test
    void positiveInitializationHasZeroOutput() {
        FeedforwardData d = data(2, 5, 7);
        try (Nd4jFeedforwardBackend be = Nd4jFeedforwardBackend.create()) {
            for (FeedforwardActivation phi : FeedforwardActivation.values()) {
                FeedforwardConfig cfg = new FeedforwardConfig(7, new int[] {6, 5, 4}, phi, true);
                FeedforwardNetwork net = FeedforwardInitializers.positive(new double[] {0.3, 0.4}, 50.0)
                        .initialize(cfg);
                for (double f : be.outputs(net, d)) {
                    assertEquals(0.0, f, 1e-12, phi.label());
                }
                assertEquals(d.meanSquareTarget(), be.loss(net, d), 1e-12);
                assertEquals(0.0, net.weight(1, 2, 3));
                assertEquals(0.4, net.weight(3, 1, 2));
                assertEquals(50.0, net.weight(4, 0, 3));
            }
        }
    }

    @Test
    void positiveInitializationRefusesANonzeroPhiOfZeroWithoutBiases() {
        FeedforwardConfig cfg = new FeedforwardConfig(3, new int[] {4}, FeedforwardActivation.SOFTPLUS, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeedforwardInitializers.positive(new double[0], 10.0).initialize(cfg));
        assertTrue(e.getMessage().contains("output bias"), e.getMessage());
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> FeedforwardInitializers.positive(new double[] {0.5}, 10.0).initialize(cfg));
        assertTrue(len.getMessage().contains("length 0"), len.getMessage());
    }

    @Test
    void gaussianInitializersAreSeededAndScaled() {
        FeedforwardConfig cfg = new FeedforwardConfig(200, new int[] {300}, FeedforwardActivation.TANH, true);
        FeedforwardNetwork a = FeedforwardInitializers.heNormal(4).initialize(cfg);
        assertArrayEquals(a.parameters(), FeedforwardInitializers.heNormal(4).initialize(cfg).parameters());
        double s = 0;
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < 200; j++) {
                s += a.weight(1, i, j) * a.weight(1, i, j);
            }
            assertEquals(0.0, a.bias(1, i));
        }
        assertEquals(2.0 / 200, s / 60000, 0.05 * 2.0 / 200);
        FeedforwardNetwork x = FeedforwardInitializers.xavierNormal(4).initialize(cfg);
        double t = 0;
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < 200; j++) {
                t += x.weight(1, i, j) * x.weight(1, i, j);
            }
        }
        assertEquals(2.0 / 500, t / 60000, 0.05 * 2.0 / 500);
    }

    @Test
    void reluAndUnknownActivationsAreRejectedWithAReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeedforwardActivation.byName("ReLU"));
        assertTrue(e.getMessage().contains("strictly increasing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FeedforwardActivation.byName("swish"));
        assertEquals(FeedforwardActivation.SOFTPLUS_CENTRED, FeedforwardActivation.byName("Softplus_Centred"));
    }

    @ParameterizedTest
    @EnumSource(FeedforwardActivation.class)
    void activationConstantsBoundTheDerivativesOnAGrid(FeedforwardActivation phi) {
        double max1 = 0;
        double max2 = 0;
        for (int i = -2000; i <= 2000; i++) { // |z| <= 10: beyond, tanh' rounds to 0 in float64
            double z = i * 0.005;
            double d1 = phi.derivative(z);
            assertTrue(d1 > 0, "phi' must be > 0 (strictly increasing)");
            max1 = Math.max(max1, d1);
            max2 = Math.max(max2, Math.abs(phi.secondDerivative(z)));
            assertTrue(Math.abs(phi.value(z)) <= phi.sigma0());
            double h = 1e-5;
            assertEquals((phi.value(z + h) - phi.value(z - h)) / (2 * h), d1, 1e-8);
            assertEquals((phi.derivative(z + h) - phi.derivative(z - h)) / (2 * h), phi.secondDerivative(z), 1e-8);
        }
        // Suprema: attained at a grid point (tanh, sigmoid) or approached as z -> +inf (softplus' = sigmoid).
        assertTrue(max1 <= phi.sigma1() && max1 >= (1 - 1e-4) * phi.sigma1(), "sup phi' = " + max1);
        assertTrue(max2 <= phi.sigma2() * (1 + 1e-12) && max2 >= (1 - 1e-4) * phi.sigma2(), "sup |phi''| = " + max2);
    }

    @Test
    void wrongShapesAreClearErrors() {
        FeedforwardConfig cfg = new FeedforwardConfig(3, new int[] {4}, FeedforwardActivation.TANH, false);
        FeedforwardNetwork net = FeedforwardInitializers.xavierNormal(1).initialize(cfg);
        try (Nd4jFeedforwardBackend be = Nd4jFeedforwardBackend.create()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.loss(net, data(1, 2, 5)));
            assertTrue(e.getMessage().contains("expects d = 3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> be.lossAndGradientInto(net, data(1, 2, 3), new double[3]));
        }
        assertThrows(IllegalArgumentException.class,
                () -> new FeedforwardConfig(3, new int[0], FeedforwardActivation.TANH, false));
        assertThrows(IllegalArgumentException.class, () -> new FeedforwardData(1, 2, new double[] {0, Double.NaN},
                new double[] {0}));
    }
}

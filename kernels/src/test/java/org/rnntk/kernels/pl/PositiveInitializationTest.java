package org.rnntk.kernels.pl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rnntk.bounds.Certification;
import org.rnntk.core.feedforward.FeedforwardActivation;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardData;
import org.rnntk.kernels.feedforward.Nd4jFeedforwardBackend;

/**
 * The positive initialization on random data with d ≥ n (tanh, depth 2–4): certified at M = 2 ×
 * threshold, and GD with the certified step reaches loss &lt; 1e−10 with every promise checked per
 * iteration. Sizes (n = 4, d = 8, hidden width 16) keep each run to ~150 steps.
 */
class PositiveInitializationTest {

    private static final double TARGET_LOSS = 1e-10;
    private static final double THRESHOLD_FACTOR = 2.0;
    /** The hidden weights c_ℓ; the radius is searched below them. */
    private static final double HIDDEN_WEIGHT = 0.3;

    static PositiveCertificate certificate(int depth, boolean biases, long seed) {
        FeedforwardData data = PlFixtures.sphereData(seed, 4, 8, 1.0);
        int[] widths = new int[depth - 1];
        Arrays.fill(widths, 16);
        FeedforwardConfig cfg = new FeedforwardConfig(8, widths, FeedforwardActivation.TANH, biases);
        double[] c = new double[depth - 2];
        Arrays.fill(c, HIDDEN_WEIGHT);
        double r = FeedforwardCertificates.bestRadius(cfg, data, c, depth == 2 ? 2.0 : 0.8 * HIDDEN_WEIGHT);
        return FeedforwardCertificates.atThreshold(cfg, data, c, r, THRESHOLD_FACTOR);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void certifiedAtTheThresholdAndGdConvergesInsideTheBallAtTheCertifiedRate(int depth) {
        for (boolean biases : new boolean[] {false, true}) {
            PositiveCertificate pc = certificate(depth, biases, 10 + depth);
            assertTrue(pc.certifiedConvergence(), pc.describe());
            assertEquals(Certification.CERTIFIED, pc.verdict().certification());
            assertTrue(pc.reasons().isEmpty());
            FeedforwardData data = PlFixtures.sphereData(10 + depth, 4, 8, 1.0);
            try (Nd4jFeedforwardBackend be = Nd4jFeedforwardBackend.create()) {
                Objective f = Objectives.feedforward(be, pc.network().config(), data);
                double[] x0 = pc.network().parameters();
                DescentTrace t = CertifiedDescent.run(f, x0, pc.verdict(), 5_000, TARGET_LOSS);
                assertTrue(t.reachedTarget(), t.toString());
                assertTrue(t.finalLoss() < TARGET_LOSS);
                assertTrue(t.promisesHeld(), t.toString());
                // The same promises, checked here independently of CertifiedDescent's bookkeeping.
                double[] loss = t.losses();
                double[] dist = t.distances();
                for (int k = 1; k < loss.length; k++) {
                    assertTrue(dist[k] <= pc.verdict().gdRadius(), "iteration " + k + " left the ball");
                    assertTrue(dist[k] < pc.radius());
                    assertTrue(loss[k] <= pc.verdict().gdContraction() * loss[k - 1] * (1 + 1e-9),
                            "iteration " + k + ": " + loss[k] + " > q * " + loss[k - 1]);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void estimatesRespectTheCertifiedBounds(int depth) {
        PositiveCertificate pc = certificate(depth, false, 20 + depth);
        FeedforwardData data = PlFixtures.sphereData(20 + depth, 4, 8, 1.0);
        try (Nd4jFeedforwardBackend be = Nd4jFeedforwardBackend.create()) {
            Objective f = Objectives.feedforward(be, pc.network().config(), data);
            double[] x0 = pc.network().parameters();
            EstimationSettings s = new EstimationSettings(4, 15, 30, 2, EstimationSettings.DEFAULT_HVP_STEP, 5);
            AlphaEstimate a = PlEstimator.alpha(f, x0, pc.radius(), s);
            assertTrue(a.value() >= pc.alphaLowerBound(), "alpha estimate " + a.value() + " < certified "
                    + pc.alphaLowerBound());
            BetaEstimate b = PlEstimator.beta(f, x0, pc.radius(), s, List.of(a.at()));
            assertTrue(b.value() <= pc.betaUpperBound(), "beta estimate " + b.value() + " > certified "
                    + pc.betaUpperBound());
            // Not absurdly loose: within a factor 20 of what the ball shows.
            assertTrue(pc.betaUpperBound() < 20 * b.value(), pc.betaUpperBound() + " vs " + b.value());
        }
    }
}

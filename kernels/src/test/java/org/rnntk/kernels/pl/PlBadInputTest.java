package org.rnntk.kernels.pl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.feedforward.FeedforwardActivation;
import org.rnntk.core.feedforward.FeedforwardConfig;
import org.rnntk.core.feedforward.FeedforwardData;
import org.rnntk.kernels.Nd4jBackend;

/** Each bad input is a clear error or an explicit "not certified because …". */
class PlBadInputTest {

    private static final EstimationSettings SETTINGS = EstimationSettings.defaults(1);

    private static Objective square() {
        return Objectives.of(1, x -> x[0] * x[0], x -> new double[] {2 * x[0]});
    }

    private static void assertMessage(IllegalArgumentException e, String fragment) {
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void reluIsRejectedWithTheReason() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> FeedforwardActivation.byName("relu")),
                "smooth, strictly increasing");
    }

    @Test
    void fewerDimensionsThanSamplesIsNotCertified() {
        FeedforwardData data = PlFixtures.sphereData(1, 6, 4, 1.0); // n = 6 > d = 4
        FeedforwardConfig cfg = new FeedforwardConfig(4, new int[] {8}, FeedforwardActivation.TANH, false);
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> FeedforwardCertificates.atThreshold(cfg, data, new double[0], 0.5, 2.0)), "d (4) < n (6)");
        PositiveCertificate pc = FeedforwardCertificates.certify(cfg, data, new double[0], 0.5, 100.0);
        assertFalse(pc.certifiedConvergence());
        assertTrue(pc.reasons().stream().anyMatch(s -> s.contains("cannot be linearly independent")),
                pc.reasons().toString());
    }

    @Test
    void phiOfZeroNotZeroHasNoCertifiedBound() {
        FeedforwardData data = PlFixtures.sphereData(1, 3, 5, 1.0);
        FeedforwardConfig cfg = new FeedforwardConfig(5, new int[] {8}, FeedforwardActivation.SIGMOID, true);
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> FeedforwardCertificates.bound(cfg, data, new double[0], 0.5)), "phi(0) = 0");
    }

    @Test
    void nonPositiveRadiusIsAnError() {
        for (double r : new double[] {0.0, -1.0, Double.NaN}) {
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> PlEstimator.alpha(square(), new double[] {1.0}, r, SETTINGS)), "radius r");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> PlEstimator.estimate(square(), new double[] {1.0}, r, SETTINGS)), "radius r");
        }
        FeedforwardData data = PlFixtures.sphereData(1, 3, 5, 1.0);
        FeedforwardConfig cfg = new FeedforwardConfig(5, new int[] {8}, FeedforwardActivation.TANH, false);
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> FeedforwardCertificates.bound(cfg, data, new double[0], -0.1)), "radius r");
    }

    @Test
    void stepOutsideZeroToTwoOverBetaIsNotCertifiedAndCannotBeRun() {
        Objective dw = Objectives.of(1, x -> (x[0] * x[0] - 1) * (x[0] * x[0] - 1),
                x -> new double[] {4 * x[0] * (x[0] * x[0] - 1)});
        CriterionEstimate good = PlEstimator.estimate(dw, new double[] {1.3}, 0.65, SETTINGS);
        double beta = good.beta().value();
        CriterionEstimate tooLong = PlEstimator.estimate(dw, new double[] {1.3}, 0.65, 3.0 / beta, SETTINGS);
        assertFalse(tooLong.verdict().gdHolds());
        assertTrue(tooLong.verdict().reasons().stream().anyMatch(s -> s.contains("is not in (0, 2/beta)")),
                tooLong.verdict().reasons().toString());
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> CertifiedDescent.run(dw, new double[] {1.3}, tooLong.verdict(), 10, 0.0)), "GD criterion fails");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> PlEstimator.estimate(dw, new double[] {1.3}, 0.65, -1.0, SETTINGS)), "step eta");
    }

    @Test
    void negativeObjectiveIsAnError() {
        Objective bad = Objectives.of(1, x -> x[0] * x[0] - 0.5, x -> new double[] {2 * x[0]});
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> PlEstimator.alpha(bad, new double[] {1.0}, 0.9, SETTINGS)), "nonnegative f");
    }

    @Test
    void thresholdFactorAtMostOneIsAnError() {
        FeedforwardData data = PlFixtures.sphereData(1, 3, 5, 1.0);
        FeedforwardConfig cfg = new FeedforwardConfig(5, new int[] {8}, FeedforwardActivation.TANH, false);
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> FeedforwardCertificates.atThreshold(cfg, data, new double[0], 0.5, 1.0)), "factor");
    }

    @Test
    void rnnHypothesesAreChecked() {
        try (Nd4jBackend be = Nd4jBackend.create()) {
            DiagonalRnn notSymmetric = new DiagonalRnn(Activations.tanh(), 1, new double[] {0.1, 0.1},
                    new double[] {1.0, 0.5}, new double[] {1, -1});
            SequenceDataset d = new SequenceDataset(1, 2, 1, new double[] {0.5, 0.5}, new double[] {0.1, 0.1});
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> RnnCertificates.certify(be, notSymmetric, d, Loss.LAST_STEP)), "symmetric");
            DiagonalRnn sym = new DiagonalRnn(Activations.tanh(), 1, new double[] {0.1, 0.1},
                    new double[] {1.0, 1.0}, new double[] {1, -1});
            SequenceDataset big = new SequenceDataset(1, 2, 1, new double[] {2.0, 0.5}, new double[] {0.1, 0.1});
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> RnnCertificates.certify(be, sym, big, Loss.LAST_STEP)), "|x_t| <= 1");
        }
    }
}

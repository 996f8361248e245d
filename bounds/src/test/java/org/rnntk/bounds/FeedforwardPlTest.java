package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The positive-initialization bound of docs/theory.md §9 for feedforward networks. */
class FeedforwardPlTest {

    static final double TOL = 1e-12;

    static double sech2(double t) {
        double c = Math.cosh(t);
        return 1 / (c * c);
    }

    static FeedforwardPl.Problem problem(int[] widths, double[] weights, double r, Certification kind) {
        return new FeedforwardPl.Problem(Math::tanh, FeedforwardPlTest::sech2, widths, weights, r, 1.0, 0.8, kind,
                4, 6, 0.3);
    }

    @Test
    void constantsMatchHandComputation() {
        double r = 0.5;
        FeedforwardPl.Bound b = FeedforwardPl.positiveInit(problem(new int[] {8, 5}, new double[] {1.5}, r,
                Certification.CERTIFIED));
        double z1 = r * 1.0;
        double h1 = Math.tanh(z1);
        double z2 = 8 * (1.5 + r) * h1 + r;
        double q = sech2(z1) * sech2(z2) * 5 * (1.5 - r);
        assertArrayEquals(new double[] {z1, z2}, b.z(), TOL);
        assertArrayEquals(new double[] {h1, Math.tanh(z2)}, b.h(), TOL);
        assertArrayEquals(new double[] {sech2(z1), sech2(z2)}, b.minSlope(), TOL);
        assertEquals(q, b.q(), TOL * q);
        double threshold = r + Math.sqrt(4 * 0.3 / (0.8 * 8)) / (r * q);
        assertEquals(threshold, b.threshold(), TOL * threshold);
        assertEquals(Certification.CERTIFIED, b.certification());
        // criterion ⇔ M above the threshold
        assertTrue(b.verdict(threshold * 1.001).certifiedFlow());
        assertFalse(b.verdict(threshold * 0.999).flowHolds());
        double m = 2 * threshold;
        assertEquals(4 * 0.8 * 8 / 4.0 * q * q * (m - r) * (m - r), b.alphaLowerBound(m), TOL * b.alphaLowerBound(m));
    }

    @Test
    void oneHiddenLayerHasNoHiddenWeights() {
        FeedforwardPl.Bound b = FeedforwardPl.positiveInit(problem(new int[] {16}, new double[0], 0.3,
                Certification.CERTIFIED));
        assertEquals(sech2(0.3), b.q(), TOL);
        assertTrue(b.describe().contains("Q ="));
    }

    @Test
    void hypothesesAndAssumption() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> problem(new int[] {8, 5}, new double[] {0.4}, 0.5, Certification.CERTIFIED)).getMessage()
                .contains("hypothesis c_l > r fails"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new FeedforwardPl.Problem(t -> 1 / (1 + Math.exp(-t)), t -> 0.25, new int[] {4}, new double[0],
                        0.5, 1, 1, Certification.CERTIFIED, 2, 2, 0.1)).getMessage()
                .contains("hypothesis phi(0) = 0 fails"));
        // sin has phi' = cos, not smallest at the endpoints of [-Z, Z] once Z > pi
        FeedforwardPl.Problem sin = new FeedforwardPl.Problem(Math::sin, Math::cos, new int[] {2, 3}, new double[] {2},
                0.5, 1, 1, Certification.CERTIFIED, 2, 2, 0.1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FeedforwardPl.positiveInit(sin)).getMessage()
                .contains("assumption on phi fails"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FeedforwardPl.positiveInit(
                problem(new int[] {8}, new double[0], 0.5, Certification.CERTIFIED)).alphaLowerBound(0.4))
                .getMessage().contains("hypothesis M > r fails"));
    }

    @Test
    void notCertifiedForTheRightReasons() {
        FeedforwardPl.Bound est = FeedforwardPl.positiveInit(problem(new int[] {8}, new double[0], 0.5,
                Certification.ESTIMATE));
        assertEquals(Certification.ESTIMATE, est.certification());
        assertFalse(est.verdict(1e6).certifiedFlow());
        FeedforwardPl.Bound dn = FeedforwardPl.positiveInit(new FeedforwardPl.Problem(Math::tanh,
                FeedforwardPlTest::sech2, new int[] {8}, new double[0], 0.5, 1, 0.8, Certification.CERTIFIED, 10, 3, 0.3));
        assertTrue(dn.reasons().stream().anyMatch(s -> s.contains("d (3) < n (10)")), dn.reasons().toString());
        FeedforwardPl.Bound sing = FeedforwardPl.positiveInit(new FeedforwardPl.Problem(Math::tanh,
                FeedforwardPlTest::sech2, new int[] {8}, new double[0], 0.5, 1, 0.0, Certification.CERTIFIED, 2, 3, 0.3));
        assertTrue(Double.isInfinite(sing.threshold()));
        assertTrue(sing.reasons().stream().anyMatch(s -> s.startsWith("Gram singular")));
    }
}

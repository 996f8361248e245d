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

    /**
     * Z_ℓ, H_ℓ, m_ℓ, Q, the threshold and α at M = 2 × threshold against
     * {@code src/test/scripts/reference_values.py} (80-digit decimal, its own tanh), and the
     * criterion switching at the threshold.
     */
    @Test
    void constantsMatchTheReferenceScript() throws java.io.IOException {
        java.util.List<java.util.Map<String, String>> rows = ReferenceValuesTest.read("feedforward_reference.csv");
        assertTrue(rows.size() >= 3);
        for (java.util.Map<String, String> row : rows) {
            int[] widths = java.util.Arrays.stream(row.get("widths").split(" ")).mapToInt(Integer::parseInt).toArray();
            double[] weights = row.get("weights").isBlank() ? new double[0]
                    : java.util.Arrays.stream(row.get("weights").split(" ")).mapToDouble(Double::parseDouble).toArray();
            double r = Double.parseDouble(row.get("r"));
            FeedforwardPl.Bound b = FeedforwardPl.positiveInit(new FeedforwardPl.Problem(Math::tanh,
                    FeedforwardPlTest::sech2, widths, weights, r, Double.parseDouble(row.get("maxNorm")),
                    Double.parseDouble(row.get("lambdaMin")), Certification.CERTIFIED, Integer.parseInt(row.get("n")),
                    Integer.parseInt(row.get("d")), Double.parseDouble(row.get("f0"))));
            String where = "widths " + row.get("widths");
            assertArrayClose(row.get("z"), b.z(), where + " Z");
            assertArrayClose(row.get("h"), b.h(), where + " H");
            assertArrayClose(row.get("minSlope"), b.minSlope(), where + " min slope");
            ReferenceValuesTest.assertClose(Double.parseDouble(row.get("q")), b.q(), where + " Q");
            double threshold = Double.parseDouble(row.get("threshold"));
            ReferenceValuesTest.assertClose(threshold, b.threshold(), where + " threshold");
            ReferenceValuesTest.assertClose(Double.parseDouble(row.get("alphaAtM")),
                    b.alphaLowerBound(Double.parseDouble(row.get("m"))), where + " alpha at M");
            assertEquals(Certification.CERTIFIED, b.certification());
            assertTrue(b.verdict(threshold * 1.001).certifiedFlow(), where);
            assertFalse(b.verdict(threshold * 0.999).flowHolds(), where);
        }
    }

    /** Relative 1e-10: sech² near Z = 8 loses digits to cancellation in 1 − tanh² (the library uses 1/cosh²). */
    static void assertArrayClose(String expected, double[] actual, String what) {
        String[] e = expected.split(" ");
        assertEquals(e.length, actual.length, what);
        for (int i = 0; i < e.length; i++) {
            double x = Double.parseDouble(e[i]);
            assertEquals(x, actual[i], 1e-10 * Math.abs(x), what + "[" + i + "]");
        }
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

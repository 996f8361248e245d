package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The textbook cases of docs/theory.md §9, with gradient descent run to check each conclusion. */
class LocalPlTest {

    static final double TOL = 1e-12;
    /**
     * Rounding floor of f near its zero: the GD update stalls a few ulps from x = 1, where
     * x² − 1 ≈ 1e-14 and f ≈ 1e-28.
     */
    static final double F_FLOOR = 1e-26;

    @Test
    void squareHasAlphaFourAndTheCriterionIsAbsX0LessThanR() {
        double x0 = 0.7;
        double f0 = x0 * x0;
        assertTrue(LocalPl.checkFlow(f0, 0.7001, 4.0, Certification.CERTIFIED).certifiedFlow());
        assertFalse(LocalPl.checkFlow(f0, 0.6999, 4.0, Certification.CERTIFIED).flowHolds());
        assertFalse(LocalPl.checkFlow(f0, 0.7, 4.0, Certification.CERTIFIED).flowHolds(), "strict inequality");
        PlVerdict v = LocalPl.checkFlow(f0, 1.0, 4.0, Certification.CERTIFIED);
        assertEquals(x0, v.flowRadius(), TOL, "2 sqrt(f0/alpha) = |x0|");
        // GD with beta = 2: (1 - eta)^2 r^2 4 > 4 x0^2  <=>  (1 - eta) r > |x0|
        PlVerdict gd = LocalPl.check(f0, 1.0, 4.0, Certification.CERTIFIED, 2.0, Certification.CERTIFIED, 0.25);
        assertTrue(gd.certifiedConvergence());
        assertEquals(1.0 - 0.7, gd.etaMax(), TOL);
        assertEquals(1.0 - 4 * 0.25 * 0.75, gd.gdContraction(), TOL);
        assertFalse(LocalPl.check(f0, 1.0, 4.0, Certification.CERTIFIED, 2.0, Certification.CERTIFIED, 0.31).gdHolds());
    }

    static double wellAlpha(double x0, double r) {
        return r < x0 ? 16 * (x0 - r) * (x0 - r) : 0.0;
    }

    static double wellBeta(double x0, double r) {
        double lo = x0 - r;
        double hi = x0 + r;
        double b = Math.max(Math.abs(12 * lo * lo - 4), Math.abs(12 * hi * hi - 4));
        return lo <= 0 ? Math.max(b, 4) : b;
    }

    @Test
    void doubleWellHoldsAt1point3AndFailsForEveryRadiusAt1point5() {
        double x0 = 1.3;
        double f0 = Math.pow(x0 * x0 - 1, 2);
        double r = 0.65;
        PlVerdict flow = LocalPl.checkFlow(f0, r, wellAlpha(x0, r), Certification.CERTIFIED);
        assertTrue(flow.certifiedFlow(), flow.describe());
        double beta = wellBeta(x0, r);
        assertEquals(0.0, flow.etaMax(), "no beta given: no admissible step is claimed");
        double etaMax = LocalPl.check(f0, r, wellAlpha(x0, r), Certification.CERTIFIED, beta, Certification.CERTIFIED,
                1e-9).etaMax();
        assertEquals((2 / beta) * (1 - flow.flowRadius() / r), etaMax, TOL);
        PlVerdict v = LocalPl.check(f0, r, wellAlpha(x0, r), Certification.CERTIFIED, beta, Certification.CERTIFIED,
                etaMax / 2);
        assertTrue(v.certifiedConvergence(), v.describe());
        // run GD: it stays in B(x0, R) and f contracts at least by the certified factor
        double x = x0;
        double f = f0;
        for (int k = 0; k < 2000; k++) {
            x -= v.eta() * 4 * x * (x * x - 1);
            double fNext = Math.pow(x * x - 1, 2);
            assertTrue(Math.abs(x - x0) <= v.gdRadius() + TOL, "left the ball at step " + k);
            assertTrue(fNext <= v.gdContraction() * f + F_FLOOR, "contraction violated at step " + k);
            f = fNext;
        }
        assertEquals(1.0, x, 1e-9);

        double x1 = 1.5;
        double f1 = Math.pow(x1 * x1 - 1, 2);
        for (int i = 1; i <= 4000; i++) {
            double rr = 3.0 * i / 4000;
            assertFalse(LocalPl.checkFlow(f1, rr, wellAlpha(x1, rr), Certification.CERTIFIED).flowHolds(), "r " + rr);
        }
        LocalPl.RadiusChoice best = LocalPl.maximizeMargin(
                rr -> rr * Math.sqrt(wellAlpha(x1, rr)) - 2 * Math.sqrt(f1), 1e-6, 3.0);
        assertTrue(best.margin() < 0, "best margin " + best.margin());
        assertEquals(0.75, best.r(), 1e-6, "r(x0 - r) is largest at r = x0/2");
        assertEquals(0.75 * 4 * 0.75 - 2 * Math.sqrt(f1), best.margin(), 1e-9);   // 2.25 - 2.5
    }

    @Test
    void xyMinusOneSquared() {
        double[] z0 = {1.0, 2.0};
        double norm = Math.hypot(z0[0], z0[1]);
        double f0 = Math.pow(z0[0] * z0[1] - 1, 2);
        LocalPl.RadiusChoice best = LocalPl.maximizeMargin(
                rr -> rr * 2 * Math.max(norm - rr, 0) - 2 * Math.sqrt(f0), 1e-6, norm);
        assertEquals(norm / 2, best.r(), 1e-6);
        double r = best.r();
        double alpha = 4 * Math.pow(Math.max(norm - r, 0), 2);
        double big = norm + r;
        double beta = 2 * big * big + 2 * (big * big + 1);   // ‖H‖ ≤ 2(x² + y²) + 2|2xy − 1|
        PlVerdict flow = LocalPl.checkFlow(f0, r, alpha, Certification.CERTIFIED);
        assertTrue(flow.flowHolds());
        double etaMax = (2 / beta) * (1 - flow.flowRadius() / r);
        PlVerdict v = LocalPl.check(f0, r, alpha, Certification.CERTIFIED, beta, Certification.CERTIFIED, etaMax / 2);
        assertEquals(etaMax, v.etaMax(), TOL);
        assertTrue(v.certifiedConvergence(), v.describe());
        double x = z0[0];
        double y = z0[1];
        for (int k = 0; k < 20000; k++) {
            double g = 2 * (x * y - 1);
            double nx = x - v.eta() * g * y;
            double ny = y - v.eta() * g * x;
            x = nx;
            y = ny;
            assertTrue(Math.hypot(x - z0[0], y - z0[1]) <= v.gdRadius() + TOL);
        }
        assertEquals(0.0, Math.pow(x * y - 1, 2), 1e-12);
    }

    @Test
    void leastSquaresAlphaAndBetaAreTheSpectrumEnds() {
        Random rnd = new Random(7);
        double[][] a = new double[2][3];
        double[] b = new double[2];
        for (int i = 0; i < 2; i++) {
            b[i] = rnd.nextGaussian();
            for (int j = 0; j < 3; j++) {
                a[i][j] = rnd.nextGaussian();
            }
        }
        // closed-form eigenvalues of the 2x2 A A^T
        double p = dot(a[0], a[0]);
        double q = dot(a[1], a[1]);
        double s = dot(a[0], a[1]);
        double mid = (p + q) / 2;
        double rad = Math.sqrt((p - q) * (p - q) / 4 + s * s);
        double lmin = mid - rad;
        double lmax = mid + rad;
        double[] x0 = {0, 0, 0};
        double f0 = dot(b, b);
        double r = 1.01 * 2 * Math.sqrt(f0 / (4 * lmin));
        double etaMax = (2 / (2 * lmax)) * (1 - 2 * Math.sqrt(f0 / (4 * lmin)) / r);
        PlVerdict v = LocalPl.leastSquares(a, b, x0, r, etaMax / 2);
        assertEquals(Certification.CERTIFIED, v.certification());
        assertEquals(4 * lmin, v.alpha(), 1e-9 * lmax);
        assertTrue(v.alpha() <= 4 * lmin, "the certified alpha subtracts the rounding margin");
        assertEquals(2 * lmax, v.beta(), 1e-9 * lmax);
        assertTrue(v.certifiedConvergence(), v.describe());
        double[] x = x0.clone();
        for (int k = 0; k < 200000; k++) {
            double[] res = {dot(a[0], x) - b[0], dot(a[1], x) - b[1]};
            for (int j = 0; j < 3; j++) {
                x[j] -= v.eta() * 2 * (a[0][j] * res[0] + a[1][j] * res[1]);
            }
        }
        assertEquals(b[0], dot(a[0], x), 1e-9);
        assertEquals(b[1], dot(a[1], x), 1e-9);
        assertTrue(Math.sqrt(dot(x, x)) <= v.gdRadius());

        double[][] tall = {{1, 0}, {0, 1}, {1, 1}};
        PlVerdict t = LocalPl.leastSquares(tall, new double[] {1, 1, 1}, new double[] {0, 0}, 10, 0.01);
        assertFalse(t.certifiedConvergence());
        assertTrue(t.reasons().get(0).startsWith("N > p"), t.reasons().toString());
    }

    /**
     * Certified bounds obtained without the full spectrum get the same allowances for forming G and
     * computing J: G = [[2, 1], [1, 2]] (eigenvalues 1 and 3), p = 10, ‖J̃ − J‖_F ≤ 1e−3, by hand.
     */
    @Test
    void boundsFromAnotherRouteGetTheSameAllowances() {
        double u = 0x1p-53;
        double[][] g = {{2, 1}, {1, 2}};
        double p = 10;
        double jErr = 1e-3;
        double gamma = p * u / (1 - p * u);
        double form = 2 * gamma * 2 / (1 - gamma);
        double lo = 1 - 1e-12;
        double hi = 3 + 1e-12;
        LocalPl.GramSpectrum s = LocalPl.gramSpectrumFromBounds(1.0, 3.0, lo, hi, 1e-12, 2, 2.0, p, jErr);
        double sigmaLo = Math.sqrt(lo - form) - jErr;
        double sigmaHi = Math.sqrt(hi + form) + jErr;
        assertEquals(sigmaLo * sigmaLo, s.certifiedLambdaMin(), TOL);
        assertEquals(sigmaHi * sigmaHi, s.certifiedLambdaMax(), TOL);
        assertEquals(1e-12 + form, s.roundingMargin(), 1e-27);
        assertEquals(1.0, s.lambdaMin(), 0.0);
        assertEquals(jErr, s.jacobianError(), 0.0);
        // Fed the full route's own enclosure (eigenvalues ∓ 16 n u ‖G‖_F), it reproduces the full route.
        LocalPl.GramSpectrum full = LocalPl.gramSpectrum(g, p, jErr);
        double eig = LocalPl.EIGEN_MARGIN_FACTOR * 2 * u * Math.sqrt(10);
        LocalPl.GramSpectrum same = LocalPl.gramSpectrumFromBounds(full.lambdaMin(), full.lambdaMax(),
                full.lambdaMin() - eig, full.lambdaMax() + eig, eig, 2, 2.0, p, jErr);
        assertEquals(full, same);
        // A non-positive lower bound stays non-positive (no sign flip through the square).
        LocalPl.GramSpectrum singular = LocalPl.gramSpectrumFromBounds(1e-20, 3, -1e-15, 3, 1e-15, 2, 2.0, p, jErr);
        assertTrue(singular.certifiedLambdaMin() < 0, singular.toString());
    }

    @Test
    void boundsFromAnotherRouteRefuseBadInput() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalPl.gramSpectrumFromBounds(1, 3, 2, 1, 0, 2, 2, 10, 0)).getMessage()
                .contains("upperBound (1.0) must be >= lowerBound (2.0)"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalPl.gramSpectrumFromBounds(1, 3, Double.NaN, 3, 0, 2, 2, 10, 0)).getMessage()
                .contains("lowerBound (NaN)"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalPl.gramSpectrumFromBounds(1, 3, 1, 3, 0, 0, 2, 10, 0)).getMessage()
                .contains("size n (0)"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalPl.gramSpectrumFromBounds(1, 3, 1, 3, 0, 2, 2, 0.5, 0)).getMessage()
                .contains("innerDimension p (0.5)"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalPl.gramSpectrumFromBounds(1, 3, 1, 3, 0, 2, 2, 10, -1)).getMessage()
                .contains("jacobianError (-1.0)"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalPl.gramSpectrumFromBounds(1, 3, 1, 3, -1e-3, 2, 2, 10, 0)).getMessage()
                .contains("lowerAllowance (-0.001)"));
    }

    @Test
    void estimatesAreNeverCertified() {
        PlVerdict v = LocalPl.check(1, 10, 4, Certification.ESTIMATE, 2, Certification.CERTIFIED, 0.1);
        assertTrue(v.gdHolds());
        assertEquals(Certification.ESTIMATE, v.certification());
        assertFalse(v.certifiedConvergence());
        assertTrue(v.reasons().get(0).contains("estimate"));
        PlVerdict w = LocalPl.check(1, 10, 4, Certification.CERTIFIED, 2, Certification.ESTIMATE, 0.1);
        assertFalse(w.certifiedConvergence());
    }

    @Test
    void degenerateInputsGiveNoNaN() {
        PlVerdict a = LocalPl.checkFlow(0, 1, 0, Certification.CERTIFIED);
        PlVerdict b = LocalPl.checkFlow(1, 1, 0, Certification.CERTIFIED);
        PlVerdict c = LocalPl.check(1, 1, 1, Certification.CERTIFIED, Double.POSITIVE_INFINITY, Certification.CERTIFIED, 1);
        PlVerdict d = LocalPl.check(0.01, 1, 1, Certification.CERTIFIED, 0, Certification.CERTIFIED, 1);
        for (PlVerdict v : new PlVerdict[] {a, b, c, d}) {
            for (double x : new double[] {v.flowRadius(), v.gdRadius(), v.gdContraction(), v.etaMax(), v.flowMargin(),
                    v.gdMargin()}) {
                assertFalse(Double.isNaN(x), v.describe());
            }
        }
        assertFalse(b.flowHolds());
        assertTrue(Double.isInfinite(b.flowRadius()));
        assertFalse(c.gdHolds());
        assertTrue(d.gdHolds());
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }

    /**
     * f(x) = (ln x)² at x0 = e, r = 0.01: α ≥ 4/(e + r)² and β ≤ sup|f''| = 2|1 − ln x|/x² on the ball are
     * valid bounds whose contraction at η = 100 is negative; the GD criterion fails there, so the verdict is
     * "not certified" with the reason, not a refusal (docs/theory.md §9).
     */
    @Test
    void negativeContractionWithoutTheCriterionIsNotCertifiedNotRefused() {
        double x0 = Math.E;
        double r = 0.01;
        double f0 = Math.pow(Math.log(x0), 2);
        double alpha = 4.0 / ((x0 + r) * (x0 + r));
        double beta = 0.0;
        for (int i = 0; i <= 1000; i++) {
            double x = x0 - r + 2 * r * i / 1000.0;
            beta = Math.max(beta, 2 * Math.abs(1 - Math.log(x)) / (x * x));
        }
        beta *= 1.01;   // the grid's maximum, with room for the points between
        PlVerdict v = LocalPl.check(f0, r, alpha, Certification.CERTIFIED, beta, Certification.CERTIFIED, 100.0);
        assertFalse(v.certifiedConvergence());
        assertTrue(v.reasons().stream().anyMatch(s -> s.contains("contraction") && s.contains("negative")),
                v.reasons().toString());
    }

    /** α > 2β under the GD criterion cannot come from valid bounds: refused, naming both. */
    @Test
    void negativeContractionUnderTheCriterionIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalPl.check(0.01, 1.0, 100.0, Certification.CERTIFIED, 1.0, Certification.CERTIFIED, 1.0));
        assertTrue(e.getMessage().contains("inconsistent bounds"), e.getMessage());
    }
}

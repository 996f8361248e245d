package org.rnntk.bounds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rnntk.core.ActivationConstants;

/** µ_T, logMuT and the regime (docs/theory.md §6). */
class MuTTest {

    static final double REL_TOL = 1e-12;

    @Test
    void oneStepIsExactlyOne() {
        // µ_1 = r^0 = 1 for every rate; the general path gave µ_1 = 1 + 2^-52 at ασ1 = 1.5, ln µ_1 = 5.6e-17 at 0.3.
        for (double alpha : new double[]{0.0, 0.3, 0.5, 0.9, 1.0, 1.1, 1.5, 2.0, 7.0}) {
            assertEquals(1.0, MuT.muT(alpha, 1.0, 1), 0.0, "µ_1 at ασ1 = " + alpha);
            assertEquals(0.0, MuT.logMuT(alpha, 1.0, 1), 0.0, "ln µ_1 at ασ1 = " + alpha);
        }
    }

    @Test
    void exactAtTheCutoffAndRegimes() {
        assertEquals(10.0, MuT.muT(1.0, 1.0, 10), 0.0);
        assertEquals(1_000_000.0, MuT.muT(4.0, 0.25, 1_000_000), 0.0);
        assertEquals(Math.log(1e12), MuT.logMuT(1.0, 1.0, 1_000_000_000_000L), 1e-15);
        assertEquals(MemoryRegime.CRITICAL, MemoryRegime.of(4.0, 0.25));
        assertEquals(MemoryRegime.SHORT_MEMORY, MemoryRegime.of(Math.nextDown(1.0), 1.0));
        assertEquals(MemoryRegime.LONG_MEMORY, MemoryRegime.of(Math.nextUp(1.0), 1.0));
        assertEquals(4.0, MemoryRegime.cutoffAlpha(0.25), 0.0);
        assertEquals(MemoryRegime.SHORT_MEMORY, PgdProblem.builder().activation(ActivationConstants.SIGMOID).alpha(3.9)
                .timeSteps(5).samples(5).build().regime());
    }

    @Test
    void continuousAcrossOneWithoutCancellation() {
        // Near r = 1, S_T(r) = T + T(T−1)/2·d + T(T−1)(T−2)/6·d² + O(T⁴d³), d = r − 1.
        long t = 1000;
        for (double d : new double[] {1e-12, 3e-13, 1e-14, 1e-15, -1e-15, -1e-14, -3e-13, -1e-12}) {
            double r = 1.0 + d;
            double exactD = r - 1.0;   // the double r's true offset
            double series = t + t * (t - 1) / 2.0 * exactD + t * (t - 1.0) * (t - 2) / 6.0 * exactD * exactD;
            assertEquals(series, MuT.geometricSum(t, r), REL_TOL * series, "r = 1 + " + d);
        }
    }

    @Test
    void boundedBelowTheCutoffExponentialAbove() {
        for (double r : new double[] {0.1, 0.5, 0.9, 0.999}) {
            double cap = 1.0 / (1.0 - r);
            for (long t = 1; t <= 1_000_000_000_000L; t *= 10) {
                assertTrue(MuT.geometricSum(t, r) <= cap * (1 + 1e-15));
            }
        }
        for (double r : new double[] {1.01, 1.5, 3.0}) {
            for (long t = 1; t <= 100_000; t *= 10) {
                assertTrue(MuT.logGeometricSum(t, r) >= (t - 1) * Math.log(r) * (1 - 1e-15));
            }
        }
    }

    @Test
    void overflowGivesInfinityAndTheLogStaysFinite() {
        assertTrue(Double.isFinite(MuT.muT(1.5, 1.0, 1000)));
        assertEquals(Double.POSITIVE_INFINITY, MuT.muT(1.5, 1.0, 2000));
        assertEquals(Double.POSITIVE_INFINITY, MuT.muT(1.1, 1.0, Long.MAX_VALUE));
        assertTrue(Double.isFinite(MuT.logMuT(1.1, 1.0, Long.MAX_VALUE)));
        assertTrue(Double.isFinite(MuT.logMuT(1e300, 1.0, Long.MAX_VALUE)));
        // the largest finite value: exp(logMuT) agrees with muT right below the overflow threshold
        double big = MuT.muT(2.0, 1.0, 1023);
        assertEquals(Math.pow(2, 1023) - 1, big, Math.ulp(big) * 4);
    }

    @Test
    void neverNaNOnARandomGrid() {
        Random rnd = new Random(11);
        for (int i = 0; i < 20000; i++) {
            double alpha = rnd.nextInt(10) == 0 ? 0.0 : Math.pow(10, -300 + 600 * rnd.nextDouble());
            double sigma1 = Math.pow(10, -5 + 10 * rnd.nextDouble());
            long t = 1 + (long) Math.floor(Math.pow(10, 18 * rnd.nextDouble()));
            if (alpha * sigma1 == Double.POSITIVE_INFINITY) {
                continue;
            }
            double v = MuT.muT(alpha, sigma1, t);
            double l = MuT.logMuT(alpha, sigma1, t);
            assertFalse(Double.isNaN(v) || Double.isNaN(l), alpha + " " + sigma1 + " " + t);
            assertTrue(v >= 1.0 && l >= 0.0 && Double.isFinite(l));
        }
    }

    @Test
    void badInputsThrowNamingTheParameter() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MuT.muT(Double.NaN, 1, 5)).getMessage()
                .contains("alpha"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MuT.muT(-0.5, 1, 5)).getMessage()
                .contains("alpha"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MuT.muT(0.5, Double.NaN, 5)).getMessage()
                .contains("sigma1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MuT.muT(0.5, 1, 0)).getMessage()
                .contains("time steps T (0)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MuT.geometricSum(3, Double.POSITIVE_INFINITY))
                .getMessage().contains("ratio r"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MuT.geometricSum(-1, 0.5)).getMessage()
                .contains("number of terms k (-1)"));
    }
}

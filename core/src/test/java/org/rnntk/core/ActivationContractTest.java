package org.rnntk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Activation} promises, checked on every implementation: σ' and σ'' agree with
 * central differences of σ and σ', the declared constants bound |σ|, |σ'|, |σ''| and are attained
 * (not absurdly loose), σ'(z) through σ(z) where offered, and pure, thread-safe evaluation. A new
 * activation is added to {@link #activations()}.
 */
class ActivationContractTest {

    /** Central-difference step: balances truncation (h²) against rounding (ε/h) for smooth σ. */
    static final double FD_STEP = 1e-5;
    /** Relative tolerance of a central difference, with {@link #FD_FLOOR} as absolute floor. */
    static final double FD_TOLERANCE = 1e-6;
    static final double FD_FLOOR = 1e-8;
    /** The grid's supremum must reach this fraction of each declared constant. */
    static final double TIGHTNESS = 0.9;

    static Stream<Arguments> activations() {
        // arctan: sup|σ| = π/2 (at ±∞), sup|σ'| = 1 (at 0), sup|σ''| = 3√3/8 (at z = ±1/√3).
        Activation atan = Activations.custom("atan", Math::atan, z -> 1 / (1 + z * z),
                z -> -2 * z / ((1 + z * z) * (1 + z * z)),
                new ActivationConstants(Math.PI / 2, 1.0, 3 * Math.sqrt(3) / 8));
        return Stream.of(Arguments.of("tanh", Activations.tanh()), Arguments.of("sigmoid", Activations.sigmoid()),
                Arguments.of("custom atan", atan));
    }

    /** z from −40 to 40, denser near 0, plus the extremal points of the built-ins' σ''. */
    static double[] grid() {
        double[] g = new double[4001 + 4];
        for (int i = 0; i <= 4000; i++) {
            double t = (i - 2000) / 2000.0;
            g[i] = 40 * t * t * t;
        }
        double tanhPeak = 0.5 * Math.log(2 + Math.sqrt(3));          // |tanh''| peaks at atanh(1/√3)
        double sigmoidPeak = Math.log(2 + Math.sqrt(3));              // |sigmoid''| peaks at ±ln(2 + √3)
        g[4001] = tanhPeak;
        g[4002] = -sigmoidPeak;
        g[4003] = 1 / Math.sqrt(3);
        g[4004] = 1e6;
        return g;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void derivativesAgreeWithCentralDifferences(String label, Activation a) {
        for (double z : grid()) {
            if (Math.abs(z) > 1e3) {
                continue;
            }
            double fd1 = (a.value(z + FD_STEP) - a.value(z - FD_STEP)) / (2 * FD_STEP);
            double fd2 = (a.derivative(z + FD_STEP) - a.derivative(z - FD_STEP)) / (2 * FD_STEP);
            assertClose(fd1, a.derivative(z), label + " sigma'(" + z + ")");
            assertClose(fd2, a.secondDerivative(z), label + " sigma''(" + z + ")");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void declaredConstantsBoundTheFunctionsAndAreAttained(String label, Activation a) {
        ActivationConstants k = a.constants();
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        for (double z : grid()) {
            s0 = Math.max(s0, Math.abs(a.value(z)));
            s1 = Math.max(s1, Math.abs(a.derivative(z)));
            s2 = Math.max(s2, Math.abs(a.secondDerivative(z)));
        }
        assertTrue(s0 <= k.sigma0() && s0 >= TIGHTNESS * k.sigma0(), label + ": sup|sigma| " + s0 + " vs " + k.sigma0());
        assertTrue(s1 <= k.sigma1() && s1 >= TIGHTNESS * k.sigma1(), label + ": sup|sigma'| " + s1 + " vs " + k.sigma1());
        assertTrue(s2 <= k.sigma2() * (1 + 1e-12) && s2 >= TIGHTNESS * k.sigma2(),
                label + ": sup|sigma''| " + s2 + " vs " + k.sigma2());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void derivativeFromValueMatchesTheDerivativeOrIsRefusedByName(String label, Activation a) {
        if (a.hasDerivativeFromValue()) {
            for (double z : grid()) {
                assertClose(a.derivative(z), a.derivativeFromValue(a.value(z)), label + " sigma'(" + z + ") from sigma");
            }
        } else {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> a.derivativeFromValue(0.5));
            assertTrue(e.getMessage().contains(a.name()), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void nameIsShortAndNonBlank(String label, Activation a) {
        assertFalse(a.name().isBlank());
        assertFalse(a.name().contains(" "), a.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void evaluationIsPureAndGivesTheSameBitsOnConcurrentThreads(String label, Activation a) throws Exception {
        double[] g = grid();
        long[] expected = evaluate(a, g);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<long[]> one = pool.submit(() -> evaluate(a, g));
            Future<long[]> two = pool.submit(() -> evaluate(a, g));
            long[] r1 = one.get();
            long[] r2 = two.get();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], r1[i], label + " entry " + i);
                assertEquals(expected[i], r2[i], label + " entry " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long[] evaluate(Activation a, double[] g) {
        long[] bits = new long[3 * g.length];
        for (int i = 0; i < g.length; i++) {
            bits[3 * i] = Double.doubleToRawLongBits(a.value(g[i]));
            bits[3 * i + 1] = Double.doubleToRawLongBits(a.derivative(g[i]));
            bits[3 * i + 2] = Double.doubleToRawLongBits(a.secondDerivative(g[i]));
        }
        return bits;
    }

    private static void assertClose(double expected, double actual, String what) {
        double tol = Math.max(FD_FLOOR, FD_TOLERANCE * Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= tol, what + ": expected " + expected + ", got " + actual);
    }
}

package org.rnntk.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The kernels' tanh against fdlibm's ({@link StrictMath#tanh}) on dense grids and special values. */
class FastTanhTest {

    /** Documented bound of FastTanh, in ulps of the reference value. */
    private static final double MAX_ULPS = 4.0;

    @Test
    void withinFourUlpsOnADenseLinearGrid() {
        // Step 2^-14 over [-24, 24]: 786 433 points, covering the clamp at 19.1 and the region beyond.
        double step = 0x1p-14;
        double worst = 0;
        for (double x = -24; x <= 24; x += step) {
            worst = Math.max(worst, ulpError(x));
            worst = Math.max(worst, ulpError(x + step * 0.37));
        }
        assertTrue(worst <= MAX_ULPS, "max error " + worst + " ulp");
    }

    @Test
    void withinFourUlpsOnALogarithmicGridDownToSubnormals() {
        double worst = 0;
        for (int e = -1074; e <= 5; e++) {
            for (int k = 0; k < 64; k++) {
                double x = Math.scalb(1.0 + k / 64.0, e);
                worst = Math.max(worst, Math.max(ulpError(x), ulpError(-x)));
            }
        }
        assertTrue(worst <= MAX_ULPS, "max error " + worst + " ulp");
    }

    @Test
    void isOddAndKeepsTheSignOfZero() {
        for (double x = 0x1p-20; x < 30; x *= 1.01) {
            assertEquals(-FastTanh.tanh(x), FastTanh.tanh(-x), 0.0, "x = " + x);
        }
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(FastTanh.tanh(0.0)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(FastTanh.tanh(-0.0)));
    }

    @Test
    void specialValues() {
        assertEquals(1.0, FastTanh.tanh(Double.POSITIVE_INFINITY), 0.0);
        assertEquals(-1.0, FastTanh.tanh(Double.NEGATIVE_INFINITY), 0.0);
        assertEquals(1.0, FastTanh.tanh(Double.MAX_VALUE), 0.0);
        assertEquals(1.0, FastTanh.tanh(19.1), 0.0);
        assertTrue(Double.isNaN(FastTanh.tanh(Double.NaN)));
        // |tanh| never exceeds 1, so 1 − h² (tanh') is never negative.
        for (double x = 0; x < 25; x += 1e-3) {
            assertTrue(Math.abs(FastTanh.tanh(x)) <= 1.0);
        }
    }

    @Test
    void arrayFormMatchesTheScalarForm() {
        double[] src = new double[1000];
        for (int i = 0; i < src.length; i++) {
            src[i] = (i - 500) * 0.031;
        }
        double[] dst = new double[src.length];
        FastTanh.tanh(src, dst, 0, src.length);
        for (int i = 0; i < src.length; i++) {
            assertEquals(FastTanh.tanh(src[i]), dst[i], 0.0);
        }
    }

    @Test
    void floatVersionWithinThreeUlpsOnEvery97thFloatUpTo12() {
        // Every 97th bit pattern from +0 to 12 (beyond the clamp at 9.1) and its negative: 22 M points.
        double worst = 0;
        float worstAt = 0;
        for (int bits = 0; bits <= Float.floatToRawIntBits(12f); bits += 97) {
            float x = Float.intBitsToFloat(bits);
            for (float v : new float[]{x, -x}) {
                float ref = (float) StrictMath.tanh(v);
                float got = FastTanh.tanhFloat(v);
                double e = ref == 0 ? (got == 0 ? 0 : Double.POSITIVE_INFINITY)
                        : Math.abs((double) got - ref) / Math.ulp(ref);
                if (e > worst) {
                    worst = e;
                    worstAt = v;
                }
            }
        }
        assertTrue(worst <= 3.0, "max error " + worst + " ulp at " + worstAt);
    }

    @Test
    void floatVersionSpecialValuesOddnessAndBound() {
        assertEquals(1.0f, FastTanh.tanhFloat(Float.POSITIVE_INFINITY), 0.0f);
        assertEquals(-1.0f, FastTanh.tanhFloat(Float.NEGATIVE_INFINITY), 0.0f);
        assertEquals(1.0f, FastTanh.tanhFloat(9.1f), 0.0f);
        assertEquals(1.0f, FastTanh.tanhFloat(Float.MAX_VALUE), 0.0f);
        assertTrue(Float.isNaN(FastTanh.tanhFloat(Float.NaN)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FastTanh.tanhFloat(-0f)));
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(FastTanh.tanhFloat(0f)));
        for (float x = 0x1p-20f; x < 30; x *= 1.01f) {
            assertEquals(-FastTanh.tanhFloat(x), FastTanh.tanhFloat(-x), 0.0f, "x = " + x);
            assertTrue(Math.abs(FastTanh.tanhFloat(x)) <= 1.0f);
        }
    }

    private static double ulpError(double x) {
        double ref = StrictMath.tanh(x);
        return Math.abs(FastTanh.tanh(x) - ref) / Math.ulp(ref);
    }
}

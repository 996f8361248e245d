package org.rnntk.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NpyArrayTest {

    private static final NpyArray X = new NpyArray(new long[] {32, 10, 4}, NpyDtype.FLOAT64, new double[32 * 10 * 4]);

    private static String message(Runnable call) {
        return assertThrows(IllegalArgumentException.class, call::run).getMessage();
    }

    @Test
    void requireShapeReturnsTheShape() {
        assertArrayEquals(new long[] {32, 10, 4}, X.requireShape("x.npy", 32, 10, 4));
    }

    @Test
    void requireShapeMismatchNamesBothShapes() {
        assertEquals("x.npy has shape [32, 10, 4] but expected [32, 10, 3]",
                message(() -> X.requireShape("x.npy", 32, 10, 3)));
        assertEquals("x.npy has shape [32, 10, 4] but expected [32, 10]",
                message(() -> X.requireShape("x.npy", 32, 10)));
        assertEquals("x.npy has shape [32, 10, 4] but expected [32, 10, 4, 1]",
                message(() -> X.requireShape("x.npy", 32, 10, 4, 1)));
    }

    @Test
    void requireShapeWildcards() {
        long[] shape = X.requireShape("x.npy", -1, -1, 4);
        assertEquals(32, shape[0]);
        assertEquals(10, shape[1]);
        assertEquals("x.npy has shape [32, 10, 4] but expected [*, 10, 3] (* = any size)",
                message(() -> X.requireShape("x.npy", -1, 10, 3)));
        assertEquals("expected[0] (-2) must be >= 0, or -1 for any size",
                message(() -> X.requireShape("x.npy", -2, 10, 4)));
    }

    @Test
    void requireShapeOfScalar() {
        NpyArray loss = new NpyArray(new long[0], NpyDtype.FLOAT64, new double[] {0.5});
        assertArrayEquals(new long[0], loss.requireShape("loss.npy"));
        assertEquals("loss.npy has shape [] but expected [1]", message(() -> loss.requireShape("loss.npy", 1)));
    }

    @Test
    void requireRank() {
        assertArrayEquals(new long[] {32, 10, 4}, X.requireRank("x.npy", 3));
        assertEquals("x.npy has shape [32, 10, 4] (rank 3) but expected rank 2", message(() -> X.requireRank("x.npy", 2)));
        assertEquals("rank (-1) must be >= 0", message(() -> X.requireRank("x.npy", -1)));
    }

    @Test
    void scalar() {
        assertEquals(0.5, new NpyArray(new long[0], NpyDtype.FLOAT64, new double[] {0.5}).scalar("loss.npy"));
        assertEquals(0.5, new NpyArray(new long[] {1, 1}, NpyDtype.FLOAT64, new double[] {0.5}).scalar("loss.npy"));
        assertEquals("x.npy has shape [32, 10, 4] (1280 elements) but expected a single value "
                + "(shape [] or all dimensions 1)", message(() -> X.scalar("x.npy")));
        NpyArray empty = new NpyArray(new long[] {0}, NpyDtype.FLOAT64, new double[0]);
        assertEquals("e.npy has shape [0] (0 elements) but expected a single value (shape [] or all dimensions 1)",
                message(() -> empty.scalar("e.npy")));
    }

    @Test
    void constructorValidates() {
        assertEquals("data has length 5 but shape [2, 3] requires 6",
                message(() -> new NpyArray(new long[] {2, 3}, NpyDtype.FLOAT64, new double[5])));
        assertEquals("shape[0] (-3) must be >= 0",
                message(() -> new NpyArray(new long[] {-3}, NpyDtype.FLOAT64, new double[0])));
        assertEquals("shape must not be null", message(() -> new NpyArray(null, NpyDtype.FLOAT64, new double[1])));
        assertEquals("dtype must not be null", message(() -> new NpyArray(new long[0], null, new double[1])));
        assertEquals("data must not be null", message(() -> new NpyArray(new long[0], NpyDtype.FLOAT64, null)));
        assertEquals("shape [1, 2147483647] has more elements than a Java array can hold (2147483639)",
                message(() -> new NpyArray(new long[] {1, Integer.MAX_VALUE}, NpyDtype.FLOAT64, new double[0])));
    }

    @Test
    void shapeIsCopiedDataIsShared() {
        long[] shape = {2};
        double[] data = {1, 2};
        NpyArray array = new NpyArray(shape, NpyDtype.FLOAT64, data);
        shape[0] = 7;
        assertArrayEquals(new long[] {2}, array.shape());
        array.shape()[0] = 9;
        assertArrayEquals(new long[] {2}, array.shape());
        assertSame(data, array.data());
        double[] copy = array.toDoubleArray();
        assertNotSame(data, copy);
        assertArrayEquals(data, copy);
    }

    @Test
    void accessors() {
        assertEquals(3, X.rank());
        assertEquals(10, X.dim(1));
        assertEquals(1280, X.size());
        assertEquals("axis (3) must lie in [0, 3) for shape [32, 10, 4]", message(() -> X.dim(3)));
        assertEquals("NpyArray[shape=[32, 10, 4], dtype=<f8]", X.toString());
        assertEquals("<f4", NpyDtype.FLOAT32.descr());
        assertEquals(4, NpyDtype.INT32.itemSize());
    }

    @Test
    void toFloatArrayRoundsToNearest() {
        NpyArray array = new NpyArray(new long[] {3}, NpyDtype.FLOAT64, new double[] {0.1, Double.NaN, 1e300});
        float[] floats = array.toFloatArray();
        assertEquals(0.1f, floats[0]);
        assertEquals(Float.NaN, floats[1]);
        assertEquals(Float.POSITIVE_INFINITY, floats[2]);
    }

    @Test
    void equalityIsByContent() {
        NpyArray a = new NpyArray(new long[] {2}, NpyDtype.FLOAT64, new double[] {1, Double.NaN});
        NpyArray b = new NpyArray(new long[] {2}, NpyDtype.FLOAT64, new double[] {1, Double.NaN});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new NpyArray(new long[] {2}, NpyDtype.FLOAT32, new double[] {1, Double.NaN}));
        assertNotEquals(a, new NpyArray(new long[] {1, 2}, NpyDtype.FLOAT64, new double[] {1, Double.NaN}));
        assertNotEquals(a, new NpyArray(new long[] {2}, NpyDtype.FLOAT64, new double[] {1, 2}));
    }
}

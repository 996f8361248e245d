package org.rnntk.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads files written by real NumPy ({@code core/src/test/scripts/make_npy_fixtures.py}, committed under
 * {@code src/test/resources/npy/}) and checks the values that script documents.
 */
class NpyFixturesTest {

    private static NpyArray fixture(String name) {
        URL url = NpyFixturesTest.class.getResource("/npy/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource npy/" + name
                    + "; regenerate with core/src/test/scripts/make_npy_fixtures.py");
        }
        try {
            return Npy.read(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] iota(int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return values;
    }

    @Test
    void float64OneDimensionalWithNanAndInfinities() {
        NpyArray a = fixture("f8_1d.npy");
        assertEquals(NpyDtype.FLOAT64, a.dtype());
        assertArrayEquals(new long[] {7}, a.shape());
        assertArrayEquals(new double[] {1.5, -2.25, 0.0, 1e-300, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY}, a.data());
    }

    @Test
    void float64TwoDimensional() {
        NpyArray a = fixture("f8_2d.npy");
        assertArrayEquals(new long[] {3, 4}, a.shape());
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals((4 * i + j) / 8.0, a.data()[4 * i + j]);
            }
        }
    }

    @Test
    void float64ThreeDimensional() {
        NpyArray a = fixture("f8_3d.npy");
        assertArrayEquals(new long[] {2, 3, 4}, a.requireShape("f8_3d.npy", 2, 3, 4));
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    int c = 12 * i + 4 * j + k;
                    assertEquals(0.5 * c - 3, a.data()[c]);
                }
            }
        }
    }

    @Test
    void float64Scalar() {
        NpyArray a = fixture("f8_scalar.npy");
        assertArrayEquals(new long[0], a.shape());
        assertEquals(0.125, a.scalar("f8_scalar.npy"));
    }

    @Test
    void float64Empty() {
        NpyArray a = fixture("f8_empty.npy");
        assertArrayEquals(new long[] {0, 3}, a.shape());
        assertEquals(0, a.size());
    }

    @Test
    void float32TwoDimensional() {
        NpyArray a = fixture("f4_2d.npy");
        assertEquals(NpyDtype.FLOAT32, a.dtype());
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {0.25f, 1.25f, 2.25f, 3.25f, 4.25f, 5.25f}, a.toFloatArray());
    }

    @Test
    void bigEndianFloat64() {
        NpyArray a = fixture("f8_be.npy");
        assertArrayEquals(new double[] {0, 1.5, 3, 4.5, 6}, a.data());
    }

    @Test
    void integerFiles() {
        NpyArray signs = fixture("i8_signs.npy");
        assertEquals(NpyDtype.INT64, signs.dtype());
        assertArrayEquals(new double[] {1, -1, 1, 1, -1}, signs.data());
        NpyArray i4 = fixture("i4_2d.npy");
        assertEquals(NpyDtype.INT32, i4.dtype());
        assertArrayEquals(new long[] {2, 2}, i4.shape());
        assertArrayEquals(new double[] {-3, 7, 2147483647, -2147483648}, i4.data());
    }

    @Test
    void everyIntegerWidthAndSignednessIsRead() {
        NpyArray i1 = fixture("i1_signs.npy");
        assertEquals(NpyDtype.INT8, i1.dtype());
        assertArrayEquals(new double[] {1, -1, -128, 127}, i1.data());
        NpyArray i2 = fixture("i2_be.npy");
        assertEquals(NpyDtype.INT16, i2.dtype());
        assertArrayEquals(new double[] {-32768, 32767, -1}, i2.data());
        assertEquals(NpyDtype.UINT8, fixture("u1.npy").dtype());
        assertArrayEquals(new double[] {0, 1, 255}, fixture("u1.npy").data());
        assertArrayEquals(new double[] {0, 65535}, fixture("u2.npy").data());
        assertArrayEquals(new double[] {1, 4294967295.0}, fixture("u4.npy").data());
        assertArrayEquals(new double[] {0, 0x1p53}, fixture("u8.npy").data());
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> fixture("u8_big.npy"));
        assertTrue(e.getMessage().contains("(18446744073709551615) of dtype uint64 lies outside +-2^53"),
                e.getMessage());
    }

    @Test
    void fortranOrderedFilesAreReadInCOrder() {
        NpyArray two = fixture("f8_fortran.npy");
        assertArrayEquals(new long[] {2, 3}, two.shape());
        assertArrayEquals(iota(6), two.data());
        NpyArray three = fixture("f8_fortran_3d.npy");
        assertArrayEquals(new long[] {2, 3, 4}, three.shape());
        assertArrayEquals(iota(24), three.data());
    }

    @Test
    void formatVersions2And3() {
        NpyArray v2 = fixture("f8_v2.npy");
        assertArrayEquals(new long[] {2, 2}, v2.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4}, v2.data());
        NpyArray v3 = fixture("f8_v3.npy");
        assertArrayEquals(new double[] {-1, 0, 1}, v3.data());
    }

    @Test
    void rewritingAFixtureReproducesItsValues(@TempDir Path dir) {
        Path copy = dir.resolve("copy.npy");
        for (String name : new String[] {"f8_3d.npy", "f4_2d.npy", "f8_scalar.npy", "i4_2d.npy", "f8_fortran_3d.npy"}) {
            NpyArray original = fixture(name);
            Npy.write(copy, original);
            assertEquals(original, Npy.read(copy), name);
        }
    }
}

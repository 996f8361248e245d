package org.rnntk.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnntk.core.io.NpyTestFiles.bytes;
import static org.rnntk.core.io.NpyTestFiles.doubles;
import static org.rnntk.core.io.NpyTestFiles.floats;
import static org.rnntk.core.io.NpyTestFiles.ints;
import static org.rnntk.core.io.NpyTestFiles.longs;

import java.nio.ByteOrder;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files written byte by byte: header syntax variants, versions, byte orders and Fortran order. */
class NpyHeaderTest {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    @TempDir
    Path dir;

    private NpyArray read(int major, String header, byte[] data) {
        return Npy.read(NpyTestFiles.write(dir, "h.npy", bytes(major, header, data)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}",
        "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f8'}",
        "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2, 3)}",
        "{'descr':'<f8','fortran_order':False,'shape':(2,3,),}",
        "  {  'descr' :  '<f8' ,\n 'fortran_order' : False ,\t'shape' : ( 2 , 3 , ) , }   \n",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }\n",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }" + "                        \n",
    })
    void headerSyntaxVariants(String header) {
        NpyArray array = read(1, header, doubles(LE, 1, 2, 3, 4, 5, 6));
        assertArrayEquals(new long[] {2, 3}, array.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, array.data());
    }

    @Test
    void scalarShapeIsEmptyTuple() {
        NpyArray array = read(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }\n", doubles(LE, 0.25));
        assertArrayEquals(new long[0], array.shape());
        assertEquals(0.25, array.scalar("loss.npy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"(5,)", "( 5 , )", "(5)"})
    void oneDimensionalShapes(String tuple) {
        NpyArray array = read(1, "{'descr': '<f8', 'fortran_order': False, 'shape': " + tuple + "}",
                doubles(LE, 1, 2, 3, 4, 5));
        assertArrayEquals(new long[] {5}, array.shape());
    }

    @Test
    void version2And3() {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }\n";
        assertArrayEquals(new double[] {1, -1}, read(2, header, doubles(LE, 1, -1)).data());
        assertArrayEquals(new double[] {1, -1}, read(3, header, doubles(LE, 1, -1)).data());
    }

    @Test
    void version3HeaderIsDecodedAsUtf8() {
        // Non-ASCII text can only sit in keys or names this reader rejects, so the decoding shows in the
        // message: decoded as Latin-1, the two UTF-8 bytes of 'π' would print as two other characters.
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'π': (1,)}";
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> read(3, header, doubles(LE, 1)));
        assertTrue(e.getMessage().contains("unexpected key 'π'"), e.getMessage());
    }

    @Test
    void bigEndianFloat64AndFloat32() {
        NpyArray f8 = read(1, "{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }", doubles(BE, 1.5, -2, 1e300));
        assertEquals(NpyDtype.FLOAT64, f8.dtype());
        assertArrayEquals(new double[] {1.5, -2, 1e300}, f8.data());
        NpyArray f4 = read(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", floats(BE, 0.1f, -3f));
        assertEquals(NpyDtype.FLOAT32, f4.dtype());
        assertArrayEquals(new float[] {0.1f, -3f}, f4.toFloatArray());
    }

    @Test
    void integersInBothByteOrders() {
        long[] signs = {1, -1, -1, 1};
        double[] expected = {1, -1, -1, 1};
        assertArrayEquals(expected, read(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (4,)}",
                longs(LE, signs)).data());
        assertArrayEquals(expected, read(1, "{'descr': '>i8', 'fortran_order': False, 'shape': (4,)}",
                longs(BE, signs)).data());
        NpyArray i4 = read(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,)}",
                ints(LE, Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals(NpyDtype.INT32, i4.dtype());
        assertArrayEquals(new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, i4.data());
        assertArrayEquals(new double[] {-7, 9}, read(1, "{'descr': '>i4', 'fortran_order': False, 'shape': (2,)}",
                ints(BE, -7, 9)).data());
    }

    @Test
    void int64AtPlusMinus2To53IsExact() {
        long max = 1L << 53;
        assertArrayEquals(new double[] {max, -max}, read(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2,)}",
                longs(LE, max, -max)).data());
    }

    @Test
    void fortranOrder2dIsTransposedIntoCOrder() {
        // C-order matrix [[0, 1, 2], [3, 4, 5]] stored column by column.
        NpyArray array = read(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
                doubles(LE, 0, 3, 1, 4, 2, 5));
        assertArrayEquals(new long[] {2, 3}, array.shape());
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, array.data());
    }

    @Test
    void fortranOrder3dIsTransposedIntoCOrder() {
        int d0 = 2;
        int d1 = 3;
        int d2 = 4;
        double[] fortran = new double[d0 * d1 * d2];
        double[] expected = new double[fortran.length];
        for (int i = 0; i < d0; i++) {
            for (int j = 0; j < d1; j++) {
                for (int k = 0; k < d2; k++) {
                    double value = 100 * i + 10 * j + k;
                    fortran[i + d0 * (j + d1 * k)] = value;
                    expected[(i * d1 + j) * d2 + k] = value;
                }
            }
        }
        NpyArray array = read(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3, 4), }",
                doubles(LE, fortran));
        assertArrayEquals(expected, array.data());
    }

    @Test
    void fortranOrderOfOneDimensionalAndScalarIsIrrelevant() {
        assertArrayEquals(new double[] {1, 2, 3}, read(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (3,)}",
                doubles(LE, 1, 2, 3)).data());
        assertEquals(4.0, read(1, "{'descr': '<f8', 'fortran_order': True, 'shape': ()}",
                doubles(LE, 4)).scalar("s"));
    }
}

package org.rnntk.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyRoundTripTest {

    private static final long SEED = 20261123L;
    /** More elements than one 1 MiB transfer holds, and not a multiple of it, for every item size. */
    private static final int MULTI_CHUNK = 3 * ((1 << 17) + 3);

    @TempDir
    Path dir;

    private static double[] random(int n) {
        Random random = new Random(SEED);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
        }
        return values;
    }

    private NpyArray roundTrip(double[] data, long... shape) {
        Path path = dir.resolve("a.npy");
        Npy.write(path, data, shape);
        return Npy.read(path);
    }

    @Test
    void oneDimensional() {
        double[] data = random(10);
        NpyArray read = roundTrip(data, 10);
        assertArrayEquals(new long[] {10}, read.shape());
        assertEquals(NpyDtype.FLOAT64, read.dtype());
        assertArrayEquals(data, read.data());
    }

    @Test
    void twoDimensional() {
        double[] data = random(12);
        NpyArray read = roundTrip(data, 3, 4);
        assertArrayEquals(new long[] {3, 4}, read.shape());
        assertArrayEquals(data, read.data());
    }

    @Test
    void threeDimensional() {
        double[] data = random(32 * 10 * 3);
        NpyArray read = roundTrip(data, 32, 10, 3);
        assertArrayEquals(new long[] {32, 10, 3}, read.shape());
        assertArrayEquals(data, read.data());
    }

    @Test
    void scalarHasShapeEmpty() {
        NpyArray read = roundTrip(new double[] {0.693}, new long[0]);
        assertArrayEquals(new long[0], read.shape());
        assertEquals(0, read.rank());
        assertEquals(0.693, read.scalar("loss.npy"));
    }

    @Test
    void emptyArrays() {
        assertArrayEquals(new long[] {0}, roundTrip(new double[0], 0).shape());
        NpyArray read = roundTrip(new double[0], 2, 0, 5);
        assertArrayEquals(new long[] {2, 0, 5}, read.shape());
        assertEquals(0, read.size());
    }

    @Test
    void nanAndInfinitiesAreKeptBitForBit() {
        double[] data = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
            Double.MIN_VALUE, Double.MAX_VALUE};
        NpyArray read = roundTrip(data, 6);
        for (int i = 0; i < data.length; i++) {
            assertEquals(Double.doubleToRawLongBits(data[i]), Double.doubleToRawLongBits(read.data()[i]), "index " + i);
        }
    }

    @Test
    void float32() {
        float[] data = {1.5f, -0.1f, Float.NaN, Float.MAX_VALUE, Float.MIN_VALUE, 3.0e-20f};
        Path path = dir.resolve("f.npy");
        Npy.writeFloat32(path, data, 2, 3);
        NpyArray read = Npy.read(path);
        assertEquals(NpyDtype.FLOAT32, read.dtype());
        assertArrayEquals(new long[] {2, 3}, read.shape());
        assertArrayEquals(data, read.toFloatArray());
        assertEquals((double) -0.1f, read.data()[1], 0.0, "widening to double is exact");
    }

    @Test
    void float32Scalar() {
        Path path = dir.resolve("f.npy");
        Npy.writeFloat32(path, new float[] {2.5f});
        NpyArray read = Npy.read(path);
        assertEquals(0, read.rank());
        assertEquals(2.5, read.scalar("f.npy"));
    }

    @Test
    void writeKeepsTheArraysDtype() {
        Path path = dir.resolve("a.npy");
        for (NpyDtype dtype : NpyDtype.values()) {
            double lo = dtype.isInteger() ? dtype.minExact() : -3;
            double hi = dtype.isInteger() ? dtype.maxExact() : 65536;
            NpyArray array = new NpyArray(new long[] {2, 2}, dtype, new double[] {lo, 0, 7, hi});
            Npy.write(path, array);
            assertEquals(array, Npy.read(path), dtype.toString());
        }
    }

    @Test
    void multiChunkArraysOfEveryDtype() {
        double[] data = random(MULTI_CHUNK);
        assertArrayEquals(data, roundTrip(data, 3, MULTI_CHUNK / 3).data());

        float[] floats = new float[MULTI_CHUNK];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = (float) data[i];
        }
        Path path = dir.resolve("f.npy");
        Npy.writeFloat32(path, floats, MULTI_CHUNK);
        assertArrayEquals(floats, Npy.read(path).toFloatArray());

        double[] integers = new double[MULTI_CHUNK];
        for (int i = 0; i < integers.length; i++) {
            integers[i] = i % 2 == 0 ? i : -i;
        }
        for (NpyDtype dtype : new NpyDtype[] {NpyDtype.INT64, NpyDtype.INT32}) {
            Npy.write(path, new NpyArray(new long[] {MULTI_CHUNK}, dtype, integers));
            assertArrayEquals(integers, Npy.read(path).data(), dtype.toString());
        }
    }

    @Test
    void headerIsVersion1AlignedTo64AndInNumpysFormat() throws IOException {
        Path path = dir.resolve("a.npy");
        Npy.write(path, new double[12], 3, 4);
        byte[] bytes = Files.readAllBytes(path);
        assertEquals(1, bytes[6]);
        assertEquals(0, bytes[7]);
        int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        assertEquals(0, (10 + headerLength) % 64);
        assertEquals(10 + headerLength + 12 * 8, bytes.length);
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }", header.strip());
        assertEquals('\n', header.charAt(header.length() - 1));
    }

    @Test
    void oneDimensionalAndScalarTuplesAreWrittenAsPythonWould() {
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }",
                NpyHeader.format(NpyDtype.FLOAT64, new long[] {5}));
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
                NpyHeader.format(NpyDtype.FLOAT32, new long[0]));
    }

    @Test
    void headerTooLongForVersion1IsWrittenAsVersion2() throws IOException {
        long[] shape = new long[30_000];
        Arrays.fill(shape, 1);
        shape[0] = 2;
        Path path = dir.resolve("a.npy");
        Npy.write(path, new double[] {1, 2}, shape);
        byte[] bytes = Files.readAllBytes(path);
        assertEquals(2, bytes[6]);
        int headerLength = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(0, (12 + headerLength) % 64);
        NpyArray read = Npy.read(path);
        assertArrayEquals(shape, read.shape());
        assertArrayEquals(new double[] {1, 2}, read.data());
    }

    @Test
    void overwritesALongerFile() {
        Path path = dir.resolve("a.npy");
        Npy.write(path, random(1000), 1000);
        Npy.write(path, new double[] {4}, 1);
        assertArrayEquals(new double[] {4}, Npy.read(path).data());
    }

    @Test
    void writeDoesNotModifyItsArguments() {
        double[] data = random(6);
        double[] dataCopy = data.clone();
        long[] shape = {2, 3};
        Npy.write(dir.resolve("a.npy"), data, shape);
        assertArrayEquals(dataCopy, data);
        assertArrayEquals(new long[] {2, 3}, shape);
    }
}

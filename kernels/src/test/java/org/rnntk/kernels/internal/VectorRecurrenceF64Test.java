package org.rnntk.kernels.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rnntk.core.Activations;

/**
 * The Vector API rows ({@link VectorRecurrenceF64}) against the auto-vectorized loops of
 * {@link RecurrenceF64}: the same H, row partials, Δ and ∂R̂/∂w, bit for bit, on widths with and
 * without a lone column, with pair counts that leave a tail of the eight-way sum and of the vector
 * loop, and on tiles that cross sequence boundaries. The build runs the tests with
 * {@code --add-modules jdk.incubator.vector}, so both paths run here.
 */
class VectorRecurrenceF64Test {

    @Test
    void onWheneverTheModuleIsResolvedAndTheCpuHasFourOrEightLanes() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the tests run with --add-modules jdk.incubator.vector (surefire argLine)");
        int lanes = VectorRecurrenceF64.lanes();
        assertEquals(lanes == 4 || lanes == 8, VectorKernels.enabled(), VectorKernels.status());
        int jdk = Runtime.version().feature();
        assertEquals(jdk < 20, VectorRecurrenceF64.byteBufferLoads(),
                "DoubleVector.fromByteBuffer exists in JDK 17-19 only");
        assertEquals(jdk >= 22, VectorRecurrenceF64.segmentLoads(),
                "MemorySegment vector loads from JDK 22 on (java.lang.foreign final)");
        assertEquals(VectorKernels.enabled() && (jdk < 20 || jdk >= 22), VectorKernels.zeroCopy(),
                VectorKernels.status());
        assertEquals(jdk >= 20 && jdk < 22, VectorRecurrenceF64.direct(ByteBuffer.allocateDirect(64)) == null,
                "no in-place access to the tiles on JDK 20-21 only");
    }

    @Test
    void theSwitchFollowsThePropertyTheModuleAndTheLaneCount() {
        java.util.function.IntSupplier eight = () -> 8;
        java.util.function.Supplier<String> jdk17 = () -> VectorKernels.BYTE_BUFFER;
        assertEquals("on (8 float64 lanes)", VectorKernels.decide(null, true, eight, jdk17));
        assertEquals("on (4 float64 lanes)", VectorKernels.decide("TRUE", true, () -> 4, jdk17));
        assertEquals("on (8 float64 lanes; tiles through MemorySegment)",
                VectorKernels.decide(null, true, eight, () -> VectorKernels.MEMORY_SEGMENT), "JDK 22 and later");
        assertEquals("on (8 float64 lanes; z copied from the tile: this JDK's Vector API loads from a MemorySegment,"
                + " a preview API before JDK 22)", VectorKernels.decide(null, true, eight, () -> null), "JDK 20-21");
        assertTrue(VectorKernels.decide("false", true, eight, jdk17).startsWith("off (-Drnntk.vectorApi=false"));
        assertTrue(VectorKernels.decide(null, true, () -> 2, jdk17).startsWith("off (2 float64 lanes"));
        assertTrue(VectorKernels.decide(null, false, () -> {
            throw new AssertionError("lanes asked without the module");
        }, () -> {
            throw new AssertionError("loads asked without the module");
        }).contains("--add-modules jdk.incubator.vector"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VectorKernels.decide("flase", true, eight, jdk17));
        assertTrue(e.getMessage().contains("rnntk.vectorApi = 'flase'"), e.getMessage());
        assertTrue(e.getMessage().contains("expected true or false"), e.getMessage());
    }

    @Test
    void tanhIsFastTanhBitForBit() {
        Random rng = new Random(5);
        int len = 4099;
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            x[i] = (i % 3 == 0 ? 30 : 3) * rng.nextGaussian();
        }
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 19.1, -19.1,
            1e-300, -1e-300, Double.MIN_VALUE, 1e-8, 0.5, 20.0};
        System.arraycopy(special, 0, x, 17, special.length);
        double[] expected = new double[len];
        for (int i = 0; i < len; i++) {
            expected[i] = FastTanh.tanh(x[i]);
        }
        // Ranges whose ends are not multiples of the lane count: the scalar tails too.
        for (int[] range : new int[][]{{0, len}, {3, 4090}, {17, 30}, {5, 6}}) {
            double[] got = new double[len];
            VectorRecurrenceF64.tanh(x, got, range[0], range[1]);
            for (int i = range[0]; i < range[1]; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(got[i]),
                        "tanh(" + x[i] + ") at " + i);
            }
        }
    }

    @ParameterizedTest(name = "cols {0}, pairs {1}, {2} steps, {3} rows in tiles of {4}")
    @CsvSource({
        "1024, 512, 64, 128, 64",   // the headline block: two sequences, one tile each
        "21, 10, 5, 13, 6",         // a lone column, a tail of the eight-way sum, tiles across sequences
        "37, 18, 7, 14, 5",         // odd lengths everywhere
        "48, 24, 3, 9, 9",          // no tails
        "2, 1, 4, 8, 3",            // one pair: everything in the tails
        "1, 0, 3, 6, 4"})           // one column, no pair
    void tilesMatchTheAutoVectorizedLoopsBitForBit(int cols, int pairs, int steps, int rows, int tileRows) {
        Random rng = new Random(cols * 31L + rows);
        double[] w = new double[cols];
        double[] c = new double[cols];
        for (int k = 0; k < cols; k++) {
            w[k] = 2 * rng.nextDouble() - 1;
            c[k] = rng.nextGaussian();
        }
        // Mirrored pairs as the symmetric initialization makes them, then perturbed, as after training.
        for (int k = 0; k < pairs; k++) {
            w[k + pairs] = w[k] + (k % 2 == 0 ? 0.0 : 1e-3 * rng.nextGaussian());
            c[k + pairs] = -c[k];
        }
        double[][] z = new double[rows][cols];
        for (double[] row : z) {
            for (int k = 0; k < cols; k++) {
                row[k] = 2 * rng.nextGaussian();
            }
        }
        double[] e = new double[rows];
        for (int r = 0; r < rows; r++) {
            e[r] = rng.nextGaussian();
        }
        Run scalar = new Run(w, c, cols, pairs, rows, tileRows);
        Run vector = new Run(w, c, cols, pairs, rows, tileRows);
        Run copied = new Run(w, c, cols, pairs, rows, tileRows);
        scalar.forward(z, steps, false, true);
        vector.forward(z, steps, true, true);
        copied.forward(z, steps, true, false);
        for (int r = 0; r < rows; r++) {
            assertArrayEquals(scalar.h[r], vector.h[r], 0.0, "h, row " + r);
            assertArrayEquals(scalar.h[r], copied.h[r], 0.0, "h, row " + r + ", z copied out of the tile");
        }
        assertArrayEquals(scalar.partial, vector.partial, 0.0, "row partials");
        assertArrayEquals(scalar.partial, copied.partial, 0.0, "row partials, z copied out of the tile");
        scalar.backward(e, steps, false, true);
        vector.backward(e, steps, true, true);
        copied.backward(e, steps, true, false);
        for (int r = 0; r < rows; r++) {
            assertArrayEquals(scalar.delta[r], vector.delta[r], 0.0, "Δ, row " + r);
            assertArrayEquals(scalar.delta[r], copied.delta[r], 0.0, "Δ, row " + r + ", copied into the tile");
        }
        assertArrayEquals(scalar.s.gradW, vector.s.gradW, 0.0, "∂R̂/∂w");
        assertArrayEquals(scalar.s.gradW, copied.s.gradW, 0.0, "∂R̂/∂w, Δ copied into the tile");
    }

    /** One block's rows through forwardTile and backwardTile, tile by tile, as ChunkedPass runs them. */
    private static final class Run {
        final RecurrenceF64.Scratch s;
        final int cols;
        final int rows;
        final int tileRows;
        final ByteBuffer bytes;
        final DoubleBuffer tile;
        final DirectTile direct;
        final double[][] h;
        final double[][] delta;
        final double[] partial;

        Run(double[] w, double[] c, int cols, int pairs, int rows, int tileRows) {
            this.cols = cols;
            this.rows = rows;
            this.tileRows = tileRows;
            s = new RecurrenceF64.Scratch(cols);
            s.load(w, c, 0, cols, pairs);
            java.util.Arrays.fill(s.gradW, 0.0);
            bytes = ByteBuffer.allocateDirect(tileRows * cols * Double.BYTES).order(ByteOrder.nativeOrder());
            tile = bytes.asDoubleBuffer();
            // In place through ByteBuffer (JDK 17-19) or MemorySegment (22+); null on JDK 20-21 (copies).
            direct = VectorRecurrenceF64.direct(bytes);
            h = new double[rows][cols];
            delta = new double[rows][cols];
            partial = new double[rows];
        }

        /** The rows of this run; without {@code zeroCopy}, the tile is reached through heap rows. */
        RecurrenceF64.TileCursor cursor(boolean zeroCopy) {
            return new RecurrenceF64.TileCursor(tile, zeroCopy ? direct : null, s).block(h, null, 0, 0);
        }

        /** With {@code zeroCopy} false, the Vector API rows copy z out of the tile (as on JDK 20-21). */
        void forward(double[][] z, int steps, boolean vector, boolean zeroCopy) {
            RecurrenceF64.TileCursor cursor = cursor(zeroCopy).call(Activations.tanh(), steps, partial, null, 0.125);
            for (int r0 = 0; r0 < rows; r0 += tileRows) {
                int r1 = Math.min(rows, r0 + tileRows);
                for (int r = r0; r < r1; r++) {
                    tile.put((r - r0) * cols, z[r], 0, cols);
                }
                RecurrenceF64.forwardTile(cursor, r0, r1, vector);
            }
        }

        /** With {@code zeroCopy} false, the Vector API rows copy δ into the tile (as on JDK 20-21). */
        void backward(double[] e, int steps, boolean vector, boolean zeroCopy) {
            RecurrenceF64.TileCursor cursor = cursor(zeroCopy).call(Activations.tanh(), steps, partial, e, 0.125);
            int tiles = (rows + tileRows - 1) / tileRows;
            for (int q = tiles - 1; q >= 0; q--) {
                int r0 = q * tileRows;
                int r1 = Math.min(rows, r0 + tileRows);
                // A stale tile: every element of Δ must be written.
                for (int i = 0; i < tile.capacity(); i++) {
                    tile.put(i, Double.NaN);
                }
                RecurrenceF64.backwardTile(cursor, r0, r1, vector);
                for (int r = r0; r < r1; r++) {
                    tile.get((r - r0) * cols, delta[r], 0, cols);
                }
            }
        }
    }
}

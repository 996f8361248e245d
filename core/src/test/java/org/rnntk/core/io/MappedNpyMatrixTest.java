package org.rnntk.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks written through the mapping read back by {@link Npy#read} as the matrix they make up. */
class MappedNpyMatrixTest {

    @TempDir
    Path tmp;

    @Test
    void blocksAndTransposedBlocksMakeUpTheMatrix() {
        int rows = 7;
        int cols = 5;
        Random rng = new Random(4);
        double[] expected = new double[rows * cols];
        Path file = tmp.resolve("m.npy");
        try (MappedNpyMatrix m = MappedNpyMatrix.create(file, rows, cols)) {
            double[] a = random(rng, 3 * 4);
            m.writeBlock(1, 0, 3, 4, a);
            for (int r = 0; r < 3; r++) {
                System.arraycopy(a, r * 4, expected, (1 + r) * cols, 4);
            }
            double[] b = random(rng, 2 * 3); // 2x3 block written as 3x2 at (4, 3)
            m.writeBlockTransposed(4, 3, 2, 3, b);
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 3; c++) {
                    expected[(4 + c) * cols + 3 + r] = b[r * 3 + c];
                }
            }
            assertEquals(expected[5 * cols + 4], m.get(5, 4));
            assertThrows(IllegalArgumentException.class, () -> m.writeBlock(6, 0, 2, 1, new double[2]));
            assertThrows(IllegalArgumentException.class, () -> m.writeBlock(0, 0, 2, 2, new double[3]));
        }
        NpyArray read = Npy.read(file);
        assertArrayEquals(new long[] {rows, cols}, read.shape());
        assertArrayEquals(expected, read.data());
    }

    @Test
    void closedFileRefusesWrites() {
        MappedNpyMatrix m = MappedNpyMatrix.create(tmp.resolve("c.npy"), 2, 2);
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> m.writeBlock(0, 0, 1, 1, new double[1]));
    }

    private static double[] random(Random rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }
}

package org.rnntk.benchmarks.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rnntk.kernels.internal.VectorKernels;

/**
 * The row-step variants do the same work: the same H and row partials, bit for bit (the Vector API
 * one too: the build runs the tests with {@code --add-modules jdk.incubator.vector}).
 */
class RowStepBenchmarkTest {

    private static RowStepBenchmark bench(int rows, int cols) {
        RowStepBenchmark b = new RowStepBenchmark();
        b.rows = rows;
        b.cols = cols;
        b.setUp();
        return b;
    }

    @Test
    void everyVariantComputesTheSameStatesAndPartials() {
        // 20 columns: 10 pairs, so the eight-way sum has a tail of 2.
        RowStepBenchmark b = bench(7, 20);
        b.flatScratchCarry();
        double[] partial = b.partial.clone();
        double[] hFlat = b.hFlat.clone();

        // An independent reference: Math.tanh, a plain left-to-right sum over all columns.
        double[] prev = new double[b.cols];
        for (int r = 0; r < b.rows; r++) {
            double[] h = new double[b.cols];
            double sum = 0;
            for (int k = 0; k < b.cols; k++) {
                h[k] = Math.tanh(b.w[k] * prev[k] + b.tile.get(r * b.cols + k));
                sum += b.c[k] * h[k];
                assertEquals(h[k], hFlat[r * b.cols + k], 1e-14, "h at row " + r + ", column " + k);
            }
            assertEquals(sum, partial[r], 1e-12, "partial of row " + r);
            prev = h;
        }

        java.util.List<Runnable> others = new java.util.ArrayList<>(java.util.List.of(b::rowArraysInPlace,
                b::rowArraysFourArrays, b::rowArraysPairsAtTwoOffsets));
        // On whenever the CPU has 4 or 8 float64 lanes (VectorKernelsTest checks that it is).
        if (VectorKernels.enabled()) {
            others.add(b::vectorApi);
        }
        for (Runnable variant : others) {
            java.util.Arrays.fill(b.partial, Double.NaN);
            for (double[] row : b.hRows) {
                java.util.Arrays.fill(row, Double.NaN);
            }
            variant.run();
            assertArrayEquals(partial, b.partial, 0.0);
            for (int r = 0; r < b.rows; r++) {
                assertArrayEquals(java.util.Arrays.copyOfRange(hFlat, r * b.cols, (r + 1) * b.cols), b.hRows[r], 0.0);
            }
        }
    }

    @Test
    void oddOrTooSmallWidthsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bench(4, 7));
        assertTrue(e.getMessage().contains("cols (7)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bench(0, 8));
        assertTrue(e.getMessage().contains("rows (0)"), e.getMessage());
    }
}

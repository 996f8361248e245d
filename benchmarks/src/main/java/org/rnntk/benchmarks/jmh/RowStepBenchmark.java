package org.rnntk.benchmarks.jmh;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rnntk.kernels.internal.DirectTile;
import org.rnntk.kernels.internal.FastTanh;
import org.rnntk.kernels.internal.RecurrenceF64;
import org.rnntk.kernels.internal.VectorKernels;
import org.rnntk.kernels.internal.VectorRecurrenceF64;

/**
 * One tile of the forward recurrence with the outputs' pair sums, five ways, on one thread: the
 * measurement behind keeping H as one Java array per row in {@code RecurrenceF64}
 * (docs/design/tiles.md). The tile is {@code rows} × {@code cols} of Z in an off-heap buffer, as the GEMM
 * leaves it; every variant computes the same H rows and row partials Σ_k (c_k h_k + c_{k+P} h_{k+P})
 * (bit for bit, {@code RowStepBenchmarkTest}). The loops mirror the kernel's; the variants that the
 * kernel does not use are here because C2 (JDK 17) vectorizes some of these shapes and not others.
 * Time per call; divide by rows·cols for ns per cell.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class RowStepBenchmark {

    /** Rows of the tile (time steps of one sequence at the headline size). */
    @Param({"64"})
    public int rows;

    /** Columns of the tile (one neuron block: 2·pairs). */
    @Param({"1024"})
    public int cols;

    DoubleBuffer tile;
    ByteBuffer tileBytes;
    /** The tile for the Vector API rows in place (null without the module, or on JDK 20–21). */
    DirectTile tileDirect;
    double[] w;
    double[] c;
    double[] cHi;
    double[] partial;
    /** Scratch rows of the flat-H form. */
    double[] carry;
    double[] row;
    double[] hi;
    double[] terms;
    double[] zeros;
    /** H flat (row r at r·cols) and as one array per row. */
    double[] hFlat;
    double[][] hRows;

    @Setup
    public void setUp() {
        if (cols < 2 || cols % 2 != 0) {
            throw new IllegalArgumentException("cols (" + cols + ") must be even and >= 2: mirrored pairs");
        }
        if (rows < 1) {
            throw new IllegalArgumentException("rows (" + rows + ") must be >= 1");
        }
        int pairs = cols / 2;
        Random rng = new Random(7);
        tileBytes = ByteBuffer.allocateDirect(rows * cols * Double.BYTES).order(ByteOrder.nativeOrder());
        tile = tileBytes.asDoubleBuffer();
        tileDirect = VectorKernels.zeroCopy() ? VectorRecurrenceF64.direct(tileBytes) : null;
        for (int i = 0; i < rows * cols; i++) {
            tile.put(i, rng.nextGaussian());
        }
        w = new double[cols];
        c = new double[cols];
        for (int k = 0; k < cols; k++) {
            w[k] = rng.nextDouble() - 0.5;
            c[k] = rng.nextGaussian();
        }
        cHi = java.util.Arrays.copyOfRange(c, pairs, cols);
        partial = new double[rows];
        carry = new double[cols];
        row = new double[cols];
        hi = new double[pairs];
        terms = new double[pairs];
        zeros = new double[cols];
        hFlat = new double[rows * cols];
        hRows = new double[rows][cols];
    }

    /** The earlier kernel: Z row to a scratch, tanh on a scratch carry, the carry copied into a flat H. */
    @Benchmark
    public double flatScratchCarry() {
        java.util.Arrays.fill(carry, 0.0);
        for (int r = 0; r < rows; r++) {
            tile.get(r * cols, row, 0, cols);
            carryStep(w, carry, row, cols);
            System.arraycopy(carry, 0, hFlat, r * cols, cols);
            partial[r] = pairSumCopied(carry);
        }
        return partial[rows - 1];
    }

    /** The kernel: Z row into its row of H, tanh in place reading the previous row's array. */
    @Benchmark
    public double rowArraysInPlace() {
        for (int r = 0; r < rows; r++) {
            double[] out = hRows[r];
            tile.get(r * cols, out, 0, cols);
            inPlaceStep(w, r == 0 ? zeros : hRows[r - 1], out, cols);
            partial[r] = pairSumCopied(out);
        }
        return partial[rows - 1];
    }

    /**
     * The kernel with the Vector API ({@code VectorRecurrenceF64}, used when the JVM runs with
     * {@code --add-modules jdk.incubator.vector}): z read from the tile, tanh and the pair terms in one
     * pass per row, no copies (on JDK 20–21, whose Vector API has no ByteBuffer loads, z is
     * copied into the row first, as the kernel does there).
     */
    @Benchmark
    public double vectorApi() {
        if (!VectorKernels.enabled()) {
            throw new IllegalStateException("Vector API kernels off: " + VectorKernels.status());
        }
        int pairs = cols / 2;
        DirectTile direct = VectorKernels.zeroCopy() ? tileDirect : null;
        for (int r = 0; r < rows; r++) {
            double[] prev = r == 0 ? zeros : hRows[r - 1];
            if (direct != null) {
                partial[r] = VectorRecurrenceF64.forwardRow(direct, r * cols * Double.BYTES, w, c, prev, hRows[r],
                        cols, pairs);
            } else {
                tile.get(r * cols, hRows[r], 0, cols);
                partial[r] = VectorRecurrenceF64.forwardRowInPlace(w, c, prev, hRows[r], cols, pairs);
            }
        }
        return partial[rows - 1];
    }

    /** As the kernel, but the tanh loop writes a fourth array: out ← tanh(w ⊙ prev + z). */
    @Benchmark
    public double rowArraysFourArrays() {
        for (int r = 0; r < rows; r++) {
            double[] out = hRows[r];
            tile.get(r * cols, row, 0, cols);
            fourArrayStep(w, r == 0 ? zeros : hRows[r - 1], row, out, cols);
            partial[r] = pairSumCopied(out);
        }
        return partial[rows - 1];
    }

    /** As the kernel, but the pair terms read the row at two offsets instead of copying its second half. */
    @Benchmark
    public double rowArraysPairsAtTwoOffsets() {
        for (int r = 0; r < rows; r++) {
            double[] out = hRows[r];
            tile.get(r * cols, out, 0, cols);
            inPlaceStep(w, r == 0 ? zeros : hRows[r - 1], out, cols);
            partial[r] = pairSumTwoOffsets(out);
        }
        return partial[rows - 1];
    }

    private static void carryStep(double[] w, double[] carry, double[] z, int len) {
        for (int k = 0; k < len; k++) {
            carry[k] = FastTanh.tanh(w[k] * carry[k] + z[k]);
        }
    }

    private static void inPlaceStep(double[] w, double[] prev, double[] h, int len) {
        for (int k = 0; k < len; k++) {
            h[k] = FastTanh.tanh(w[k] * prev[k] + h[k]);
        }
    }

    private static void fourArrayStep(double[] w, double[] prev, double[] z, double[] out, int len) {
        for (int k = 0; k < len; k++) {
            out[k] = FastTanh.tanh(w[k] * prev[k] + z[k]);
        }
    }

    private double pairSumCopied(double[] h) {
        int pairs = cols / 2;
        System.arraycopy(h, pairs, hi, 0, pairs);
        pairTerms(c, cHi, h, hi, terms, pairs);
        return RecurrenceF64.eightWaySum(terms, pairs);
    }

    private double pairSumTwoOffsets(double[] h) {
        int pairs = cols / 2;
        pairTermsTwoOffsets(c, cHi, h, terms, pairs);
        return RecurrenceF64.eightWaySum(terms, pairs);
    }

    private static void pairTerms(double[] c, double[] cHi, double[] h, double[] hi, double[] terms, int pairs) {
        for (int k = 0; k < pairs; k++) {
            terms[k] = c[k] * h[k] + cHi[k] * hi[k];
        }
    }

    private static void pairTermsTwoOffsets(double[] c, double[] cHi, double[] h, double[] terms, int pairs) {
        for (int k = 0; k < pairs; k++) {
            terms[k] = c[k] * h[k] + cHi[k] * h[k + pairs];
        }
    }
}

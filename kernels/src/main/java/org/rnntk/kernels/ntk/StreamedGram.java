package org.rnntk.kernels.ntk;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

import org.rnntk.core.Loss;
import org.rnntk.core.Checks;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.io.MappedNpyMatrix;

/**
 * The Gram of a data set too large for the heap, written to a float64 {@code .npy} file through
 * memory mapping ({@link MappedNpyMatrix}) tile by tile: the sequences are cut into blocks of
 * {@code blockSequences}; each diagonal tile is {@link EmpiricalNtk#gram(DiagonalRnn, SequenceDataset,
 * Loss)} of one block, each tile above the diagonal the cross-Gram of two blocks, written at its
 * place and mirrored below, so the file is exactly symmetric. The heap holds the inputs, two blocks'
 * copies and one tile (8·(blockSequences·outputs per sequence)² bytes) at a time; the Jacobian blocks
 * live in the kernel's native buffers within its budget. With B blocks each block's Jacobian is
 * recomputed about B times, against the n²p of the contraction.
 *
 * @param file           the {@code .npy} file written
 * @param mode           which outputs
 * @param size           N, the Gram's order
 * @param blockSequences sequences per block
 * @param tiles          the number of Gram calls made (B(B + 1)/2)
 */
public record StreamedGram(Path file, Loss mode, long size, int blockSequences, int tiles) {

    public StreamedGram {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(mode, "mode");
    }

    /**
     * Computes K(data, data) at the model's parameters and writes it to {@code out} (created or
     * overwritten), row q = j (last step) or j·T + t (all steps).
     *
     * @param ntk            the kernel function (stays the caller's)
     * @param blockSequences sequences per tile side, ≥ 1
     * @throws IllegalArgumentException when the data's d differs from the model's, or a tile of
     *                                  (blockSequences·outputs per sequence)² entries exceeds a Java
     *                                  array
     */
    public static StreamedGram write(EmpiricalNtk ntk, DiagonalRnn model, SequenceDataset data, Loss mode,
                                     int blockSequences, Path out) {
        Objects.requireNonNull(ntk, "ntk");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(out, "out");
        Checks.positive("blockSequences", blockSequences);
        data.requireInputDim(model.inputDim(), "the model " + model);
        int n = data.size();
        int steps = data.timeSteps();
        int d = data.inputDim();
        int perSequence = (int) mode.outputCount(1, steps);
        int b = Math.min(blockSequences, n);
        long tileEntries = (long) b * perSequence * b * perSequence;
        if (tileEntries > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("blockSequences (" + blockSequences + ") makes tiles of " + tileEntries
                    + " entries, more than a Java array holds; use at most "
                    + (int) Math.floor(Math.sqrt(Integer.MAX_VALUE - 8.0) / perSequence) + " sequences per block");
        }
        long size = mode.outputCount(n, steps);
        int blocks = (n + b - 1) / b;
        double[] x = data.inputs();
        int tiles = 0;
        try (MappedNpyMatrix file = MappedNpyMatrix.create(out, size, size)) {
            for (int bi = 0; bi < blocks; bi++) {
                SequenceDataset rows = block(x, n, steps, d, bi, b);
                long r0 = (long) bi * b * perSequence;
                for (int bj = bi; bj < blocks; bj++) {
                    long c0 = (long) bj * b * perSequence;
                    if (bj == bi) {
                        GramMatrix tile = ntk.gram(model, rows, mode);
                        file.writeBlock(r0, c0, tile.rows(), tile.cols(), tile.raw());
                    } else {
                        GramMatrix tile = ntk.gram(model, rows, block(x, n, steps, d, bj, b), mode);
                        file.writeBlock(r0, c0, tile.rows(), tile.cols(), tile.raw());
                        file.writeBlockTransposed(c0, r0, tile.rows(), tile.cols(), tile.raw());
                    }
                    tiles++;
                }
            }
        }
        return new StreamedGram(out, mode, size, b, tiles);
    }

    /** Sequences [index·b, min(n, (index + 1)·b)) with zero targets. */
    private static SequenceDataset block(double[] x, int n, int steps, int d, int index, int b) {
        int from = index * b;
        int count = Math.min(b, n - from);
        double[] xs = Arrays.copyOfRange(x, from * steps * d, (from + count) * steps * d);
        return new SequenceDataset(count, steps, d, xs, new double[count * steps]);
    }
}

package org.rnntk.cli;

import java.nio.file.Path;

import org.rnntk.core.Activation;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;

/**
 * Reads a network from {@code w.npy}, {@code u.npy} (m, d) and {@code c.npy} (m) in a folder: the
 * diagonal RNN when {@code w.npy} has shape (m), the dense one (docs/theory.md §11) when it has
 * shape (m, m).
 */
final class ModelFiles {

    private ModelFiles() {
    }

    /**
     * @param inputDim the d the caller's inputs have, or −1 to take it from {@code u.npy}
     * @throws IllegalArgumentException naming the file whose shape or values are wrong
     */
    static DiagonalRnn read(Path dir, Activation activation, int inputDim) {
        return read(Npy.read(dir.resolve("w.npy")), dir, activation, inputDim);
    }

    /** Whether {@code w.npy} in {@code dir} is a matrix (the dense network) rather than a vector. */
    static boolean isDense(Path dir) {
        NpyArray w = Npy.read(dir.resolve("w.npy"));
        if (w.rank() != 1 && w.rank() != 2) {
            throw new IllegalArgumentException("w.npy has shape " + java.util.Arrays.toString(w.shape())
                    + " but expected (m) for the diagonal network or (m, m) for the dense one");
        }
        return w.rank() == 2;
    }

    /**
     * The dense network from {@code w.npy} of shape (m, m).
     *
     * @param inputDim the d the caller's inputs have, or −1 to take it from {@code u.npy}
     * @throws IllegalArgumentException naming the file whose shape or values are wrong
     */
    static DenseRnn readDense(Path dir, Activation activation, int inputDim) {
        NpyArray w = Npy.read(dir.resolve("w.npy"));
        long[] ws = w.requireRank("w.npy", 2);
        int m = (int) w.requireShape("w.npy", ws[0], ws[0])[0];
        NpyArray u = Npy.read(dir.resolve("u.npy"));
        int d = (int) u.requireShape("u.npy", m, inputDim)[1];
        NpyArray c = Npy.read(dir.resolve("c.npy"));
        c.requireShape("c.npy", m);
        return new DenseRnn(activation, m, d, w.data(), u.data(), c.data());
    }

    private static DiagonalRnn read(NpyArray w, Path dir, Activation activation, int inputDim) {
        int m = (int) w.requireRank("w.npy", 1)[0];
        NpyArray u = Npy.read(dir.resolve("u.npy"));
        int d = (int) u.requireShape("u.npy", m, inputDim)[1];
        NpyArray c = Npy.read(dir.resolve("c.npy"));
        c.requireShape("c.npy", m);
        return new DiagonalRnn(activation, d, w.data(), u.data(), c.data());
    }
}

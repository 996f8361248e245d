package org.rnntk.cli;

import java.nio.file.Path;

import org.rnntk.core.Activation;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;

/** Reads a diagonal RNN from {@code w.npy} (m), {@code u.npy} (m, d) and {@code c.npy} (m) in a folder. */
final class ModelFiles {

    private ModelFiles() {
    }

    /**
     * @param inputDim the d the caller's inputs have, or −1 to take it from {@code u.npy}
     * @throws IllegalArgumentException naming the file whose shape or values are wrong
     */
    static DiagonalRnn read(Path dir, Activation activation, int inputDim) {
        NpyArray w = Npy.read(dir.resolve("w.npy"));
        int m = (int) w.requireRank("w.npy", 1)[0];
        NpyArray u = Npy.read(dir.resolve("u.npy"));
        int d = (int) u.requireShape("u.npy", m, inputDim)[1];
        NpyArray c = Npy.read(dir.resolve("c.npy"));
        c.requireShape("c.npy", m);
        return new DiagonalRnn(activation, d, w.data(), u.data(), c.data());
    }
}

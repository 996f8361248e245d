package org.rnntk.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.io.ModelFolder;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;

/**
 * Reads a network from {@code w.npy}, {@code u.npy} (m, d) and {@code c.npy} (m) in a folder: the
 * diagonal RNN when {@code w.npy} has shape (m), the dense one (docs/theory.md §11) when it has
 * shape (m, m). A diagonal model folder written by {@code rnntk train} / {@link ModelFolder#save} has the
 * same files plus {@code model.json}, which names the activation ({@link #readAny}); a dense one
 * ({@link ModelFolder#saveDense}) is read by {@link ModelFolder#loadDense}, which {@link #readAny} refuses
 * to stand in for.
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

    /**
     * The diagonal network in {@code dir}: with a {@code model.json}, through {@link ModelFolder#load}
     * and its recorded activation (an explicitly given {@code activationName} must agree); without
     * one, from the three arrays and {@code activationName} (tanh when null).
     *
     * @param inputDim the d the caller's inputs have, or −1 to take it from the folder
     */
    static DiagonalRnn readAny(Path dir, String activationName, int inputDim) {
        if (Files.isRegularFile(dir.resolve(ModelFolder.METADATA))) {
            DiagonalRnn model = activationName == null ? ModelFolder.load(dir).model()
                    : ModelFolder.load(dir, Activations.byName(activationName)).model();
            if (inputDim >= 0 && model.inputDim() != inputDim) {
                throw new IllegalArgumentException("the model in " + dir + " has d = " + model.inputDim()
                        + " but the inputs have d = " + inputDim);
            }
            return model;
        }
        return read(dir, activation(activationName), inputDim);
    }

    /**
     * The dense network in {@code dir}, read as {@link #readAny} reads the diagonal one: with a
     * {@code model.json}, through {@link ModelFolder#loadDense} and its recorded activation (an
     * explicitly given {@code activationName} must agree); without one, from the arrays and
     * {@code activationName} (tanh when null).
     */
    static DenseRnn readDenseAny(Path dir, String activationName, int inputDim) {
        if (Files.isRegularFile(dir.resolve(ModelFolder.METADATA))) {
            DenseRnn model = activationName == null ? ModelFolder.loadDense(dir).model()
                    : ModelFolder.loadDense(dir, Activations.byName(activationName)).model();
            if (inputDim >= 0 && model.inputDim() != inputDim) {
                throw new IllegalArgumentException("the model in " + dir + " has d = " + model.inputDim()
                        + " but the inputs have d = " + inputDim);
            }
            return model;
        }
        return readDense(dir, activation(activationName), inputDim);
    }

    /** The named activation, tanh when null. */
    static Activation activation(String activationName) {
        return Activations.byName(activationName == null ? "tanh" : activationName);
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

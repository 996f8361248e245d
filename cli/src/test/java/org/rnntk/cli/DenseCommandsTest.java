package org.rnntk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;
import org.rnntk.kernels.dense.DenseNtk;
import org.rnntk.kernels.dense.Nd4jDenseBackend;

/** {@code eval} and {@code gram} take a w.npy of shape (m, m) as the dense network (docs/theory.md §11). */
class DenseCommandsTest {

    @TempDir
    Path dir;

    private void writeDense(int n, int steps, int d, int m, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[n * steps * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.3 * rng.nextGaussian();
        }
        double[] y = new double[n * steps];
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextGaussian();
        }
        double[] w = new double[m * m];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextGaussian() / Math.sqrt(m);
        }
        double[] u = new double[m * d];
        for (int i = 0; i < u.length; i++) {
            u[i] = rng.nextGaussian();
        }
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            c[i] = rng.nextBoolean() ? 1 : -1;
        }
        Npy.write(dir.resolve("x.npy"), x, n, steps, d);
        Npy.write(dir.resolve("y.npy"), y, n, steps);
        Npy.write(dir.resolve("w.npy"), w, m, m);
        Npy.write(dir.resolve("u.npy"), u, m, d);
        Npy.write(dir.resolve("c.npy"), c, m);
    }

    private DenseRnn model(int m, int d) {
        return new DenseRnn(Activations.tanh(), m, d, Npy.read(dir.resolve("w.npy")).data(),
                Npy.read(dir.resolve("u.npy")).data(), Npy.read(dir.resolve("c.npy")).data());
    }

    @Test
    void evalWritesTheDenseGradientAndGrams() {
        writeDense(3, 4, 2, 6, 1);
        String out = runForOutput("eval", dir.toString(), "--loss", "all", "--memory-diagnostic", "--gram-all");
        assertTrue(out.contains("dense W"), out);
        assertTrue(out.contains("diagnostic (not a bound"), out);
        SequenceDataset data = new SequenceDataset(3, 4, 2, Npy.read(dir.resolve("x.npy")).data(),
                Npy.read(dir.resolve("y.npy")).data());
        DenseRnn model = model(6, 2);
        LossGradient expected;
        try (Nd4jDenseBackend backend = Nd4jDenseBackend.create()) {
            expected = backend.lossAndGradient(model, data, Loss.ALL_STEPS);
        }
        assertArrayEquals(expected.outputs(), Npy.read(dir.resolve("f.npy")).data());
        assertEquals(expected.loss(), Npy.read(dir.resolve("loss.npy")).scalar("loss.npy"));
        NpyArray gw = Npy.read(dir.resolve("grad_w.npy"));
        assertArrayEquals(new long[]{6, 6}, gw.shape());
        assertArrayEquals(expected.gradW(), gw.data());
        assertArrayEquals(expected.gradU(), Npy.read(dir.resolve("grad_u.npy")).data());
        try (DenseNtk ntk = DenseNtk.create()) {
            assertArrayEquals(ntk.gram(model, data, Loss.LAST_STEP).values(),
                    Npy.read(dir.resolve("gram_last.npy")).data());
            NpyArray all = Npy.read(dir.resolve("gram_all.npy"));
            assertArrayEquals(new long[]{12, 12}, all.shape());
            assertArrayEquals(ntk.gram(model, data, Loss.ALL_STEPS).values(), all.data());
        }
    }

    @Test
    void gramWritesTheDenseCrossGramAndRejectsMismatchedW() {
        writeDense(3, 4, 2, 6, 2);
        double[] x2 = new double[2 * 5 * 2];
        for (int i = 0; i < x2.length; i++) {
            x2[i] = Math.cos(i);
        }
        Npy.write(dir.resolve("x2.npy"), x2, 2, 5, 2);
        assertEquals(0, Main.execute("gram", "--model", dir.toString(), "--x", dir.resolve("x.npy").toString(),
                "--x2", dir.resolve("x2.npy").toString(), "--mode", "all", "--out", dir.resolve("k.npy").toString()));
        SequenceDataset rows = new SequenceDataset(3, 4, 2, Npy.read(dir.resolve("x.npy")).data(), new double[12]);
        SequenceDataset cols = new SequenceDataset(2, 5, 2, x2, new double[10]);
        NpyArray k = Npy.read(dir.resolve("k.npy"));
        assertArrayEquals(new long[]{12, 10}, k.shape());
        try (DenseNtk ntk = DenseNtk.create()) {
            assertArrayEquals(ntk.gram(model(6, 2), rows, cols, Loss.ALL_STEPS).values(), k.data());
        }
        String err = runForError("gram", "--model", dir.toString(), "--x", dir.resolve("x.npy").toString(),
                "--implementation", "PER_NEURON_FACTORIZED", "--out", dir.resolve("k.npy").toString());
        assertTrue(err.contains("for a diagonal W"), err);
        Npy.write(dir.resolve("w.npy"), new double[6 * 5], 6, 5);
        err = runForError("eval", dir.toString());
        assertTrue(err.contains("w.npy has shape [6, 5] but expected [6, 6]"), err);
    }

    private static String runForOutput(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.execute(args), "exit code");
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String runForError(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.execute(args), "exit code");
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}

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
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.ntk.Ntk;

class EvalCommandTest {

    @TempDir
    Path dir;

    private void writeProblem(int n, int steps, int d, int m, long seed) {
        Random rng = new Random(seed);
        double[] x = new double[n * steps * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.3 * rng.nextGaussian();
        }
        double[] y = new double[n * steps];
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextGaussian();
        }
        double[] w = new double[m];
        double[] u = new double[m * d];
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = rng.nextDouble() - 0.5;
            c[i] = rng.nextBoolean() ? 1 : -1;
        }
        for (int i = 0; i < u.length; i++) {
            u[i] = rng.nextGaussian();
        }
        Npy.write(dir.resolve("x.npy"), x, n, steps, d);
        Npy.write(dir.resolve("y.npy"), y, n, steps);
        Npy.write(dir.resolve("w.npy"), w, m);
        Npy.write(dir.resolve("u.npy"), u, m, d);
        Npy.write(dir.resolve("c.npy"), c, m);
    }

    @Test
    void writesOutputsLossAndGradientsMatchingTheLibrary() {
        writeProblem(3, 5, 2, 8, 1);
        assertEquals(0, Main.execute("eval", dir.toString(), "--activation", "sigmoid", "--loss", "last",
                "--gram-all"));
        NpyArray x = Npy.read(dir.resolve("x.npy"));
        SequenceDataset data = new SequenceDataset(3, 5, 2, x.data(), Npy.read(dir.resolve("y.npy")).data());
        DiagonalRnn model = new DiagonalRnn(Activations.sigmoid(), 2, Npy.read(dir.resolve("w.npy")).data(),
                Npy.read(dir.resolve("u.npy")).data(), Npy.read(dir.resolve("c.npy")).data());
        LossGradient expected;
        try (Nd4jBackend backend = Nd4jBackend.create()) {
            expected = backend.lossAndGradient(model, data, Loss.LAST_STEP);
        }
        NpyArray f = Npy.read(dir.resolve("f.npy"));
        assertArrayEquals(new long[]{3, 5}, f.shape());
        assertArrayEquals(expected.outputs(), f.data());
        NpyArray loss = Npy.read(dir.resolve("loss.npy"));
        assertEquals(0, loss.rank());
        assertEquals(expected.loss(), loss.scalar("loss.npy"));
        assertArrayEquals(expected.gradW(), Npy.read(dir.resolve("grad_w.npy")).data());
        NpyArray gu = Npy.read(dir.resolve("grad_u.npy"));
        assertArrayEquals(new long[]{8, 2}, gu.shape());
        assertArrayEquals(expected.gradU(), gu.data());

        NpyArray gramLast = Npy.read(dir.resolve("gram_last.npy"));
        assertArrayEquals(new long[]{3, 3}, gramLast.shape());
        assertArrayEquals(Ntk.gram(model, data, Loss.LAST_STEP).values(), gramLast.data());
        NpyArray gramAll = Npy.read(dir.resolve("gram_all.npy"));
        assertArrayEquals(new long[]{15, 15}, gramAll.shape());
        assertArrayEquals(Ntk.gram(model, data, Loss.ALL_STEPS).values(), gramAll.data());
    }

    @Test
    void gramCommandWritesTheCrossGram() {
        writeProblem(3, 5, 2, 8, 3);
        double[] x2 = new double[4 * 6 * 2];
        for (int i = 0; i < x2.length; i++) {
            x2[i] = Math.sin(i);
        }
        Npy.write(dir.resolve("x2.npy"), x2, 4, 6, 2);
        assertEquals(0, Main.execute("gram", "--model", dir.toString(), "--x", dir.resolve("x.npy").toString(),
                "--x2", dir.resolve("x2.npy").toString(), "--mode", "all", "--out", dir.resolve("k.npy").toString()));
        DiagonalRnn model = new DiagonalRnn(Activations.tanh(), 2, Npy.read(dir.resolve("w.npy")).data(),
                Npy.read(dir.resolve("u.npy")).data(), Npy.read(dir.resolve("c.npy")).data());
        SequenceDataset rows = new SequenceDataset(3, 5, 2, Npy.read(dir.resolve("x.npy")).data(), new double[15]);
        SequenceDataset cols = new SequenceDataset(4, 6, 2, x2, new double[24]);
        NpyArray k = Npy.read(dir.resolve("k.npy"));
        assertArrayEquals(new long[]{15, 24}, k.shape());
        assertArrayEquals(Ntk.gram(model, rows, cols, Loss.ALL_STEPS).values(), k.data());
        Npy.write(dir.resolve("x3.npy"), new double[4 * 6 * 3], 4, 6, 3);
        String err = runForError("gram", "--model", dir.toString(), "--x", dir.resolve("x3.npy").toString(),
                "--out", dir.resolve("k.npy").toString());
        assertTrue(err.contains("x3.npy has shape [4, 6, 3] but expected [*, *, 2]"), err);
    }

    @Test
    void badShapesAndOptionsAreClearErrors() {
        writeProblem(3, 5, 2, 8, 2);
        Npy.write(dir.resolve("u.npy"), new double[8 * 3], 8, 3);
        String err = runForError("eval", dir.toString());
        assertTrue(err.contains("u.npy has shape [8, 3] but expected [8, 2]"), err);
        writeProblem(3, 5, 2, 8, 2);
        err = runForError("eval", dir.toString(), "--activation", "relu");
        assertTrue(err.contains("activation 'relu' is unknown"), err);
        err = runForError("eval", dir.toString(), "--loss", "first");
        assertTrue(err.contains("loss mode 'first'"), err);
        err = runForError("eval", dir.resolve("missing").toString());
        assertTrue(err.contains("DIR (" + dir.resolve("missing") + ") does not exist"), err);
        double[] nanX = new double[30];
        nanX[4] = Double.NaN;
        Npy.write(dir.resolve("x.npy"), nanX, 3, 5, 2);
        err = runForError("eval", dir.toString());
        assertTrue(err.contains("x[4] (NaN)"), err);
    }

    private static String runForError(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = Main.execute(args);
            assertEquals(2, code, "exit code");
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}

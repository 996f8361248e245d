package org.rnntk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.io.ModelFolder;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;
import org.rnntk.core.io.SavedModel;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.Spectrum;

/**
 * {@code rnntk train} end to end on a tiny problem: the written models, loss history and diagnostics
 * against the library run directly; the saved model read back by {@code eval} and {@code gram}; the
 * spectrum choice of {@code gram}.
 */
class TrainCommandTest {

    @TempDir
    Path dir;

    private SequenceDataset writeData(int n, int steps, int d) {
        Random rng = new Random(12);
        double[] x = new double[n * steps * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.3 * rng.nextGaussian();
        }
        double[] y = new double[n * steps];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.5 * rng.nextGaussian();
        }
        Npy.write(dir.resolve("x.npy"), x, n, steps, d);
        Npy.write(dir.resolve("y.npy"), y, n, steps);
        return new SequenceDataset(n, steps, d, x, y);
    }

    @Test
    void trainWritesTheModelHistoryAndDiagnosticsOfTheLibraryRun() throws IOException {
        SequenceDataset data = writeData(4, 5, 3);
        Path out = dir.resolve("run");
        assertEquals(0, Main.execute("train", "--x", dir.resolve("x.npy").toString(), "--y",
                dir.resolve("y.npy").toString(), "--out", out.toString(), "--width", "16", "--alpha", "0.6",
                "--seed", "5", "--eta", "0.5", "--iterations", "30", "--diagnostics-every", "10"));
        DiagonalRnn initial = Initializers.symmetric(0.6, RecurrentLaw.UNIFORM, 5).initialize(16, 3,
                Activations.tanh());
        TrainingHistory expected;
        try (Nd4jBackend backend = Nd4jBackend.create()) {
            expected = Training.run(backend, initial, data, Loss.ALL_STEPS, Optimizers.gradientDescent(0.5), 30);
        }
        SavedModel trained = ModelFolder.load(out.resolve("model"));
        assertEquals(expected.last(), trained.model());
        assertEquals(Initializers.symmetric(0.6, RecurrentLaw.UNIFORM, 5), trained.initializer());
        assertEquals(initial, ModelFolder.load(out.resolve("initial")).model());
        List<String> loss = Files.readAllLines(out.resolve("loss.csv"));
        assertEquals("k,loss,max_drift_w,max_drift_u", loss.get(0));
        assertEquals(32, loss.size());
        assertEquals(expected.lastLoss(), Double.parseDouble(loss.get(31).split(",")[1]),
                1e-5 * expected.lastLoss());
        List<String> diag = Files.readAllLines(out.resolve("diagnostics.csv"));
        assertEquals(5, diag.size(), "header and k = 0, 10, 20, 30: " + diag);
        assertTrue(diag.get(0).contains("relative_kernel_change"));
        assertTrue(Double.parseDouble(diag.get(4).split(",")[6]) > 0, "the kernel moved: " + diag.get(4));

        // gram reads the saved folder (its activation from model.json).
        Path k = dir.resolve("k.npy");
        String printed = runForOutput("gram", "--model", out.resolve("model").toString(), "--x",
                dir.resolve("x.npy").toString(), "--out", k.toString());
        assertArrayEquals(Ntk.gram(trained.model(), data, Loss.LAST_STEP).values(), Npy.read(k).data());
        assertTrue(printed.contains("by Lanczos"), printed);
        assertCertifiedLine(printed, Spectrum.of(Ntk.gram(trained.model(), data, Loss.LAST_STEP)));
    }

    /** The certified line of --spectrum extremes: lambda_min >= L <= the dense λ_min, lambda_max <= H >= λ_max. */
    private static void assertCertifiedLine(String printed, Spectrum dense) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "certified for the Gram as stored: lambda_min >= (\\S+) \\(.*lambda_max <= (\\S+) ").matcher(printed);
        assertTrue(m.find(), printed);
        double lo = Double.parseDouble(m.group(1));
        double hi = Double.parseDouble(m.group(2));
        double slack = 16 * dense.size() * 0x1p-53 * dense.lambdaMax() * dense.size();
        assertTrue(lo <= dense.lambdaMin() + slack && lo >= dense.lambdaMin() - 1e-6 * dense.lambdaMax(),
                lo + " vs " + dense);
        assertTrue(hi >= dense.lambdaMax() - slack && hi <= dense.lambdaMax() * (1 + 1e-6), hi + " vs " + dense);
    }

    @Test
    void pgdAndLastStepTargetsOfShapeN() {
        writeData(4, 5, 3);
        Npy.write(dir.resolve("y1.npy"), new double[] {0.1, -0.2, 0.3, 0.0}, 4);
        Path out = dir.resolve("pgd");
        assertEquals(0, Main.execute("train", "--x", dir.resolve("x.npy").toString(), "--y",
                dir.resolve("y1.npy").toString(), "--out", out.toString(), "--width", "8", "--loss", "last",
                "--eta", "1", "--iterations", "20", "--pgd", "--rho-w", "0.2", "--rho-u", "0.2",
                "--diagnostics-every", "-1"));
        SavedModel init = ModelFolder.load(out.resolve("initial"));
        SavedModel last = ModelFolder.load(out.resolve("model"));
        double bound = 0.2 / Math.sqrt(8) * (1 + 1e-12);
        for (int i = 0; i < 8; i++) {
            assertTrue(Math.abs(last.model().w(i) - init.model().w(i)) <= bound, "projection on w");
        }
        assertTrue(!Files.exists(out.resolve("diagnostics.csv")));
        // Training continues from a saved folder.
        assertEquals(0, Main.execute("train", "--x", dir.resolve("x.npy").toString(), "--y",
                dir.resolve("y1.npy").toString(), "--out", dir.resolve("more").toString(), "--init",
                out.resolve("model").toString(), "--loss", "last", "--eta", "1", "--iterations", "5"));
        assertEquals(last.model(), ModelFolder.load(dir.resolve("more").resolve("initial")).model());
    }

    @Test
    void spectrumChoiceAndBadOptions() {
        SequenceDataset data = writeData(6, 3, 2);
        DiagonalRnn model = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 3).initialize(8, 2, Activations.tanh());
        ModelFolder.save(dir.resolve("m"), model, null);
        Path k = dir.resolve("g.npy");
        String none = runForOutput("gram", "--model", dir.resolve("m").toString(), "--x", dir.resolve("x.npy").toString(),
                "--out", k.toString(), "--spectrum", "none");
        assertTrue(!none.contains("lambda"), none);
        String full = runForOutput("gram", "--model", dir.resolve("m").toString(), "--x", dir.resolve("x.npy").toString(),
                "--out", k.toString(), "--spectrum", "full");
        assertTrue(full.contains("rank"), full);
        NpyArray ev = Npy.read(dir.resolve("g.eigenvalues.npy"));
        assertArrayEquals(Spectrum.of(Ntk.gram(model, data, Loss.LAST_STEP), true,
                org.rnntk.kernels.ntk.EigenSolver.LAPACK).eigenvalues(), ev.data());
        String err = runForError("gram", "--model", dir.resolve("m").toString(), "--x", dir.resolve("x.npy").toString(),
                "--out", k.toString(), "--spectrum", "some");
        assertTrue(err.contains("--spectrum 'some'"), err);
        err = runForError("train", "--x", dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(),
                "--out", dir.resolve("o").toString(), "--eta", "1", "--iterations", "3");
        assertTrue(err.contains("--width is required"), err);
        err = runForError("train", "--x", dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(),
                "--out", dir.resolve("o").toString(), "--width", "8", "--eta", "1", "--iterations", "3", "--pgd");
        assertTrue(err.contains("--pgd needs both --rho-w and --rho-u"), err);
        err = runForError("train", "--x", dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(),
                "--out", dir.resolve("o").toString(), "--width", "7", "--eta", "1", "--iterations", "3");
        assertTrue(err.contains("even"), err);
        err = runForError("train", "--x", dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(),
                "--out", dir.resolve("o").toString(), "--width", "8", "--eta", "1", "--iterations", "3",
                "--law", "gaussian");
        assertTrue(err.contains("--law 'gaussian'"), err);
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

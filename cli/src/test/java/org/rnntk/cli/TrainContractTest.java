package org.rnntk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rnntk.cli.CliContractTest.names;
import static org.rnntk.cli.CliContractTest.run;
import static org.rnntk.cli.CliContractTest.writeProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnntk.cli.CliContractTest.Run;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseLaw;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.DivergenceRule;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentHistory;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.RecurrentTraining;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.TrainingListener;
import org.rnntk.core.init.MirroredDenseInitializer;
import org.rnntk.core.io.ModelFolder;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.SavedDenseModel;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.dense.Nd4jDenseBackend;

/**
 * {@code rnntk train} on the command-line contract (docs/cli.md): its failures, all-or-none outputs,
 * a diverged run as a result; the dense network trained end to end against the library; {@code eval}
 * on a saved model folder against the library.
 */
class TrainContractTest {

    @TempDir
    Path dir;

    private String[] train(Path out, String... more) {
        String[] base = {"train", "--x", dir.resolve("x.npy").toString(), "--y", dir.resolve("y.npy").toString(),
            "--out", out.toString(), "--no-progress"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private SequenceDataset data() {
        double[] x = Npy.read(dir.resolve("x.npy")).data();
        long[] s = Npy.read(dir.resolve("x.npy")).shape();
        return new SequenceDataset((int) s[0], (int) s[1], (int) s[2], x, Npy.read(dir.resolve("y.npy")).data());
    }

    @Test
    void failuresAreOneLineAndLeaveNoOutputs() throws IOException {
        writeProblem(dir, 3, 4, 2, 6, 1);
        List<String> inputs = names(dir);
        Path out = dir.resolve("run");
        run(train(out, "--width", "8", "--eta", "0.1", "--iterations", "-1"))
                .assertOneLineFailure(2, "--iterations (-1) must be >= 0");
        run(train(out, "--width", "8", "--eta", "0.1", "--iterations", "3", "--frobnicate"))
                .assertOneLineFailure(2, "--frobnicate");
        run(train(out, "--init", dir.resolve("missing").toString(), "--eta", "0.1", "--iterations", "3"))
                .assertOneLineFailure(2, "--init", "missing");
        run(train(out, "--width", "8", "--eta", "0.1", "--iterations", "3", "--rho", "0.5"))
                .assertOneLineFailure(2, "add --dense");
        // --out under a file: cannot be created.
        run(train(dir.resolve("x.npy").resolve("run"), "--width", "8", "--eta", "0.1", "--iterations", "3"))
                .assertOneLineFailure(2, "--out", "cannot be created");
        // An obstacle where an output folder goes: refused before any work.
        Path blocked = Files.createDirectory(dir.resolve("blocked"));
        Files.writeString(blocked.resolve("model"), "not a folder");
        run(train(blocked, "--width", "8", "--eta", "0.1", "--iterations", "3"))
                .assertOneLineFailure(2, "where the folder model is to be written");
        assertEquals(List.of("model"), names(blocked));
        // A failure found after the outputs were opened (d of --init disagrees with x.npy): nothing written.
        Path other = Files.createDirectory(dir.resolve("other"));
        ModelFolder.save(other, Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 1).initialize(4, 5,
                Activations.tanh()), null);
        run(train(out, "--init", other.toString(), "--eta", "0.1", "--iterations", "3"))
                .assertOneLineFailure(2, "d = 5");
        assertFalse(Files.exists(out), "the folder created for the run is removed again");
        List<String> expected = new java.util.ArrayList<>(inputs);
        expected.addAll(List.of("blocked", "other"));
        expected.sort(null);
        assertEquals(expected, names(dir), "no temporary files left");
    }

    @Test
    void aFailedRerunKeepsTheOldResultsAndASuccessfulOneReplacesThemWhole() throws IOException {
        writeProblem(dir, 3, 4, 2, 6, 2);
        Path out = dir.resolve("run");
        Run first = run(train(out, "--width", "8", "--eta", "0.1", "--iterations", "3", "--diagnostics-every", "-1"));
        assertEquals(0, first.code(), first.err());
        byte[] model = Files.readAllBytes(out.resolve("model").resolve("w.npy"));
        Files.writeString(out.resolve("model").resolve("stale.txt"), "from an older run");
        // fails after the outputs were opened (an odd width is refused by the initializer)
        run(train(out, "--width", "7", "--eta", "0.1", "--iterations", "3")).assertOneLineFailure(2, "even");
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model").resolve("w.npy")));
        assertEquals(List.of("initial", "loss.csv", "model"), names(out));
        Run second = run(train(out, "--width", "8", "--eta", "0.1", "--iterations", "3", "--diagnostics-every", "-1",
                "--seed", "9"));
        assertEquals(0, second.code(), second.err());
        assertEquals(List.of("c.npy", "model.json", "u.npy", "w.npy"), names(out.resolve("model")),
                "the model folder is replaced, not merged");
        assertEquals(List.of("initial", "loss.csv", "model"), names(out), "no temporary folders left");
    }

    @Test
    void aDivergedRunIsAResult() throws IOException {
        writeProblem(dir, 3, 4, 2, 6, 3);
        double[] y = new double[12];
        y[0] = 1e-3;
        Npy.write(dir.resolve("y.npy"), y, 3, 4);
        Path out = dir.resolve("run");
        Run r = run(train(out, "--width", "8", "--eta", "1000", "--iterations", "20", "--divergence-factor", "2"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("status DIVERGED"), r.out());
        SequenceDataset data = data();
        DiagonalRnn initial = Initializers.symmetric(0.5, RecurrentLaw.UNIFORM, 0).initialize(8, 2, Activations.tanh());
        RecurrentHistory<DiagonalRnn> expected;
        try (Nd4jBackend backend = Nd4jBackend.create()) {
            expected = RecurrentTraining.run(backend, initial, data, Loss.ALL_STEPS, Optimizers.gradientDescent(1000),
                    20, TrainingListener.NONE, DivergenceRule.lossGrowth(2));
        }
        assertTrue(expected.diverged(), "the library run diverges too");
        assertTrue(r.out().contains(expected.divergence().orElseThrow().describe()), r.out());
        assertEquals(expected.losses().length + 1, Files.readAllLines(out.resolve("loss.csv")).size());
        assertEquals(expected.last(), ModelFolder.load(out.resolve("model")).model());
    }

    @Test
    void denseTrainingEqualsTheLibraryRunAndEvalReadsTheSavedFolder() throws IOException {
        writeProblem(dir, 4, 5, 3, 6, 4);
        SequenceDataset data = data();
        Path out = dir.resolve("dense");
        Run r = run(train(out, "--dense", "--width", "8", "--rho", "0.6", "--dense-law", "orthogonal", "--seed", "7",
                "--activation", "sigmoid", "--eta", "0.5", "--iterations", "12", "--diagnostics-every", "4",
                "--threads", "2"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dense W") && r.out().contains("status COMPLETED"), r.out());
        MirroredDenseInitializer init = Initializers.mirroredDense(0.6, DenseLaw.ORTHOGONAL, 1.0, 7);
        DenseRnn start = init.initialize(8, 3, Activations.sigmoid());
        RecurrentHistory<DenseRnn> expected;
        try (Nd4jDenseBackend backend = Nd4jDenseBackend.create()) {
            expected = RecurrentTraining.run(backend, start, data, Loss.ALL_STEPS, Optimizers.gradientDescent(0.5), 12);
        }
        SavedDenseModel saved = ModelFolder.loadDense(out.resolve("model"));
        assertEquals(expected.last(), saved.model(), "bit for bit");
        assertEquals(init, saved.initializer());
        assertEquals(start, ModelFolder.loadDense(out.resolve("initial")).model());
        List<String> loss = Files.readAllLines(out.resolve("loss.csv"));
        assertEquals(14, loss.size());
        assertEquals(expected.lastLoss(), Double.parseDouble(loss.get(13).split(",")[1]),
                1e-5 * expected.lastLoss(), "loss.csv holds 6 significant digits");
        List<String> diag = Files.readAllLines(out.resolve("diagnostics.csv"));
        assertEquals(5, diag.size(), "header and k = 0, 4, 8, 12: " + diag);
        assertTrue(Double.parseDouble(diag.get(4).split(",")[6]) > 0, "the kernel moved: " + diag.get(4));

        // eval on the saved folder: the activation from model.json, results bit-identical to the library.
        Path folder = out.resolve("model");
        Files.copy(dir.resolve("x.npy"), folder.resolve("x.npy"));
        Files.copy(dir.resolve("y.npy"), folder.resolve("y.npy"));
        Run e = run("eval", folder.toString(), "--no-gram", "--no-progress");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("activation=sigmoid"), e.out());
        LossGradient g;
        try (Nd4jDenseBackend backend = Nd4jDenseBackend.create()) {
            g = backend.lossAndGradient(saved.model(), data, Loss.ALL_STEPS);
        }
        assertArrayEquals(new double[]{g.loss()}, Npy.read(folder.resolve("loss.npy")).data());
        assertArrayEquals(g.gradW(), Npy.read(folder.resolve("grad_w.npy")).data());
        assertArrayEquals(g.outputs(), Npy.read(folder.resolve("f.npy")).data());
        run("eval", folder.toString(), "--no-gram", "--activation", "tanh")
                .assertOneLineFailure(2, "records activation 'sigmoid'", "'tanh'");

        // gram on the saved folder: also the activation from model.json (sigmoid, not the tanh default).
        Path gramFile = dir.resolve("k.npy");
        Run gr = run("gram", "--model", folder.toString(), "--x", dir.resolve("x.npy").toString(), "--out",
                gramFile.toString(), "--spectrum", "none", "--no-progress");
        assertEquals(0, gr.code(), gr.err());
        double[] expectedGram;
        try (org.rnntk.kernels.dense.DenseNtk ntk = org.rnntk.kernels.dense.DenseNtk.create()) {
            expectedGram = ntk.gram(saved.model(), data, Loss.LAST_STEP).values();
        }
        assertArrayEquals(expectedGram, Npy.read(gramFile).data());

        // PGD of the dense network from an --init folder of plain arrays (w.npy of shape (m, m)).
        Path plain = Files.createDirectory(dir.resolve("plain"));
        Npy.write(plain.resolve("w.npy"), start.w(), 8, 8);
        Npy.write(plain.resolve("u.npy"), start.u(), 8, 3);
        Npy.write(plain.resolve("c.npy"), start.c(), 8);
        Path pgd = dir.resolve("pgd");
        Run p = run(train(pgd, "--init", plain.toString(), "--activation", "sigmoid", "--eta", "2",
                "--iterations", "10", "--pgd", "--rho-w", "0.05", "--rho-u", "0.05", "--diagnostics-every", "-1"));
        assertEquals(0, p.code(), p.err());
        RecurrentHistory<DenseRnn> projected;
        try (Nd4jDenseBackend backend = Nd4jDenseBackend.create()) {
            projected = RecurrentTraining.run(backend, start, data, Loss.ALL_STEPS,
                    Optimizers.projected(2, 0.05, 0.05), 10);
        }
        DenseRnn trained = ModelFolder.loadDense(pgd.resolve("model")).model();
        assertEquals(projected.last(), trained);
        double bound = 0.05 / Math.sqrt(8) * (1 + 1e-12);
        for (int i = 0; i < 8; i++) {
            double s = 0;
            for (int k = 0; k < 8; k++) {
                double dw = trained.w(i, k) - start.w(i, k);
                s += dw * dw;
            }
            assertTrue(Math.sqrt(s) <= bound, "row " + i + " of W within rho_w/sqrt(m): " + Math.sqrt(s));
        }
    }

    @Test
    void evalOnASavedDiagonalFolderEqualsTheLibrary() throws IOException {
        writeProblem(dir, 3, 4, 2, 6, 5);
        SequenceDataset data = data();
        DiagonalRnn model = Initializers.symmetric(0.7, RecurrentLaw.UNIFORM, 5).initialize(6, 2,
                Activations.sigmoid());
        Random rng = new Random(5);
        double[] w = model.w();
        for (int i = 0; i < w.length; i++) {
            w[i] += 0.01 * rng.nextGaussian();
        }
        model = new DiagonalRnn(Activations.sigmoid(), 2, w, model.u(), model.c());
        Path folder = dir.resolve("m");
        ModelFolder.save(folder, model, null);
        Files.copy(dir.resolve("x.npy"), folder.resolve("x.npy"));
        Files.copy(dir.resolve("y.npy"), folder.resolve("y.npy"));
        Run e = run("eval", folder.toString(), "--no-gram", "--loss", "last");
        assertEquals(0, e.code(), e.err());
        LossGradient g;
        try (Nd4jBackend backend = Nd4jBackend.create()) {
            g = backend.lossAndGradient(model, data, Loss.LAST_STEP);
        }
        assertArrayEquals(new double[]{g.loss()}, Npy.read(folder.resolve("loss.npy")).data());
        assertArrayEquals(g.gradW(), Npy.read(folder.resolve("grad_w.npy")).data());
        assertArrayEquals(g.gradU(), Npy.read(folder.resolve("grad_u.npy")).data());
        Run agreeing = run("eval", folder.toString(), "--no-gram", "--loss", "last", "--activation", "sigmoid");
        assertEquals(0, agreeing.code(), agreeing.err());
        run("eval", folder.toString(), "--no-gram", "--activation", "tanh")
                .assertOneLineFailure(2, "records activation 'sigmoid'");
    }
}

package org.rnntk.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.rnntk.core.Activation;
import org.rnntk.bounds.DenseBounds;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.kernels.dense.DenseNtk;
import org.rnntk.kernels.dense.Nd4jDenseBackend;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.Ntk;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnntk eval D}: reads a model and data written by NumPy and writes back outputs, loss and
 * gradient, so a Python user can check rnntk against their own implementation.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a diagonal or dense RNN on .npy data.",
                "Reads from DIR: x.npy (n,T,d), w.npy (m) for the diagonal network or (m,m) for the dense one,",
                "u.npy (m,d), c.npy (m), y.npy (n,T).",
                "Writes into DIR: f.npy (n,T), loss.npy (scalar), grad_w.npy (m) or (m,m), grad_u.npy (m,d),",
                "gram_last.npy (n,n) and gram_all.npy (nT,nT; row j*T+t): the empirical NTK at the given parameters."})
final class EvalCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "folder holding the input .npy files")
    Path dir;

    @Option(names = "--activation", defaultValue = "tanh", description = "tanh or sigmoid (default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--loss", defaultValue = "all", description = "all or last (default: ${DEFAULT-VALUE})")
    String loss;

    @Option(names = "--precision", defaultValue = "FLOAT64",
            description = "FLOAT64 or FLOAT32 (default: ${DEFAULT-VALUE})")
    Precision precision;

    @Option(names = "--no-gram", description = "skip gram_last.npy and gram_all.npy")
    boolean noGram;

    @Option(names = "--memory-diagnostic",
            description = "dense W only: print muT's analogue with ||W||_2 sigma1 and with the spectral radius, "
                    + "a diagnostic, not a bound (an O(m^3) SVD and eigendecomposition)")
    boolean memoryDiagnostic;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("DIR (" + dir + ") is not a directory");
        }
        Activation act = Activations.byName(activation);
        Loss mode = Loss.parse(loss);
        NpyArray x = Npy.read(dir.resolve("x.npy"));
        long[] xs = x.requireRank("x.npy", 3);
        int n = (int) xs[0];
        int steps = (int) xs[1];
        int d = (int) xs[2];
        NpyArray y = Npy.read(dir.resolve("y.npy"));
        y.requireShape("y.npy", n, steps);
        if (ModelFiles.isDense(dir)) {
            DenseRnn dense = ModelFiles.readDense(dir, act, d);
            return evalDense(dense, new SequenceDataset(n, steps, d, x.data(), y.data()), mode);
        }
        if (memoryDiagnostic) {
            throw new IllegalArgumentException("--memory-diagnostic is for a dense W (w.npy of shape (m, m)); "
                    + "w.npy is a vector, the diagonal network, whose muT is the bounds' own");
        }
        DiagonalRnn model = ModelFiles.read(dir, act, d);
        int m = model.width();

        SequenceDataset data = new SequenceDataset(n, steps, d, x.data(), y.data());
        try (Nd4jBackend backend = Nd4jBackend.create(precision)) {
            LossGradient g = backend.lossAndGradient(model, data, mode);
            Npy.write(dir.resolve("f.npy"), g.outputs(), n, steps);
            Npy.write(dir.resolve("loss.npy"), new double[]{g.loss()});
            Npy.write(dir.resolve("grad_w.npy"), g.gradW(), m);
            Npy.write(dir.resolve("grad_u.npy"), g.gradU(), m, d);
            System.out.printf(java.util.Locale.ROOT, "n=%d T=%d d=%d m=%d activation=%s loss=%s (%s): R=%.17g%n",
                    n, steps, d, m, act.name(), mode, precision, g.loss());
        }
        if (!noGram) {
            try (EmpiricalNtk ntk = Ntk.empirical()) {
                long nt = (long) n * steps;
                Npy.write(dir.resolve("gram_last.npy"), ntk.gram(model, data, Loss.LAST_STEP).values(), n, n);
                Npy.write(dir.resolve("gram_all.npy"), ntk.gram(model, data, Loss.ALL_STEPS).values(), nt, nt);
            }
        }
        return 0;
    }

    /** The dense network (docs/theory.md §11): the same files, grad_w.npy of shape (m, m). */
    private int evalDense(DenseRnn model, SequenceDataset data, Loss mode) {
        int n = data.size();
        int steps = data.timeSteps();
        int d = data.inputDim();
        int m = model.width();
        try (Nd4jDenseBackend backend = Nd4jDenseBackend.create(precision)) {
            LossGradient g = backend.lossAndGradient(model, data, mode);
            Npy.write(dir.resolve("f.npy"), g.outputs(), n, steps);
            Npy.write(dir.resolve("loss.npy"), new double[]{g.loss()});
            Npy.write(dir.resolve("grad_w.npy"), g.gradW(), m, m);
            Npy.write(dir.resolve("grad_u.npy"), g.gradU(), m, d);
            System.out.printf(java.util.Locale.ROOT,
                    "dense W: n=%d T=%d d=%d m=%d activation=%s loss=%s (%s): R=%.17g%n",
                    n, steps, d, m, model.activation().name(), mode, precision, g.loss());
        }
        if (!noGram) {
            try (DenseNtk ntk = DenseNtk.create()) {
                long nt = (long) n * steps;
                Npy.write(dir.resolve("gram_last.npy"), ntk.gram(model, data, Loss.LAST_STEP).values(), n, n);
                Npy.write(dir.resolve("gram_all.npy"), ntk.gram(model, data, Loss.ALL_STEPS).values(), nt, nt);
            }
        }
        if (memoryDiagnostic) {
            System.out.println(DenseBounds.memoryDiagnostic(model, steps));
        }
        return 0;
    }
}

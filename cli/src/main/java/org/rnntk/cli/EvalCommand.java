package org.rnntk.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.rnntk.bounds.DenseBounds;
import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Loss;
import org.rnntk.core.LossGradient;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.io.ModelFolder;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.kernels.dense.DenseNtk;
import org.rnntk.kernels.dense.Nd4jDenseBackend;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rnntk eval D}: reads a model and data written by NumPy and writes back outputs, loss and
 * gradient, so a Python user can check rnntk against their own implementation. The diagonal network
 * when {@code w.npy} is a vector, the dense one (docs/theory.md §11) when it is an (m, m) matrix; a
 * model folder ({@code model.json}, {@link ModelFolder}) gives its own activation, which an explicit
 * {@code --activation} must agree with (a mismatch is an input error, not silently overridden). The
 * outputs are written all or none ({@link OutputFiles}); the (nT)² all-steps Gram only with
 * {@code --gram-all}, after its memory has been checked.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Evaluate a diagonal or dense RNN on .npy data: outputs, loss, gradient and the NTK Gram.",
        description = {"Reads from DIR: x.npy (n,T,d), w.npy (m) for the diagonal network or (m,m) for the dense "
                + "one, u.npy (m,d), c.npy (m), y.npy (n,T). DIR may be a model folder written by rnntk train "
            + "(model.json gives the activation and the network) with x.npy and y.npy added.",
            "Writes into DIR: f.npy (n,T), loss.npy (scalar), grad_w.npy (m) or (m,m), grad_u.npy (m,d) and the "
                + "empirical NTK at the given parameters: gram_last.npy (n,n) unless --no-gram, and gram_all.npy "
                + "(nT,nT; row j*T+t) only with --gram-all. All files are written or none."})
final class EvalCommand extends RnntkCommand {

    /** Jacobian block budget of the Gram computations. */
    private static final long BLOCK_BUDGET = NtkOptions.DEFAULT_BLOCK_BUDGET_BYTES;

    @Parameters(index = "0", paramLabel = "DIR", description = "folder holding the input .npy files")
    Path dir;

    @Option(names = "--activation", description = "tanh or sigmoid (default tanh; when DIR is a model folder "
            + "with model.json, the activation recorded there, which a given --activation must name)")
    String activation;

    @Option(names = "--loss", defaultValue = "all", description = "all or last (default: ${DEFAULT-VALUE})")
    String loss;

    @Option(names = "--precision", defaultValue = "float64",
            description = "float64 or float32 (default: ${DEFAULT-VALUE})")
    Precision precision;

    @Option(names = "--no-gram", description = "skip gram_last.npy (and gram_all.npy)")
    boolean noGram;

    @Option(names = "--gram-all", description = "also write gram_all.npy, the (nT x nT) all-steps Gram: "
            + "8 (nT)^2 bytes, refused up front when the heap cannot hold it")
    boolean gramAll;

    @Option(names = "--memory-diagnostic",
            description = "dense W only: print muT's analogue with ||W||_2 sigma1 and with the spectral radius, "
                    + "a diagnostic, not a bound (an O(m^3) SVD and eigendecomposition)")
    boolean memoryDiagnostic;

    /** The two kinds of network behind one evaluation. */
    private interface Evaluation {
        LossGradient lossAndGradient(SequenceDataset data, Loss mode);

        /** The Grams, last-step and (when {@code all}) all-steps, from one kernel. */
        GramMatrix[] grams(SequenceDataset data, boolean all, StageProgress progress);
    }

    @Override
    protected int run() {
        InputFiles.readableDirectory("DIR", dir);
        InputFiles.readableFilesIn("DIR", dir, "x.npy", "y.npy", "w.npy", "u.npy", "c.npy");
        if (noGram && gramAll) {
            throw CliFailure.usage("--no-gram and --gram-all contradict each other; give one");
        }
        Loss mode = Loss.parse(loss);
        try (OutputFiles outputs = OutputFiles.intoExisting("DIR", dir);
             StageProgress progress = progress("eval")) {
            progress.stage("reading the inputs");
            NpyArray x = Npy.read(dir.resolve("x.npy"));
            long[] xs = x.requireRank("x.npy", 3);
            int n = (int) xs[0];
            int steps = (int) xs[1];
            int d = (int) xs[2];
            NpyArray y = Npy.read(dir.resolve("y.npy"));
            y.requireShape("y.npy", n, steps);
            SequenceDataset data = new SequenceDataset(n, steps, d, x.data(), y.data());
            boolean folder = Files.isRegularFile(dir.resolve(ModelFolder.METADATA));
            boolean dense = folder ? ModelFolder.isDense(dir) : ModelFiles.isDense(dir);
            if (memoryDiagnostic && !dense) {
                throw CliFailure.usage("--memory-diagnostic is for a dense W (w.npy of shape (m, m)); "
                        + "w.npy is a vector, the diagonal network, whose muT is the bounds' own");
            }
            DenseRnn denseModel = dense ? readDense(d) : null;
            DiagonalRnn diagonalModel = dense ? null : ModelFiles.readAny(dir, activation, d);
            Activation act = dense ? denseModel.activation() : diagonalModel.activation();
            int m = dense ? denseModel.width() : diagonalModel.width();
            Evaluation evaluation = dense ? dense(denseModel) : diagonal(diagonalModel);

            long nt = (long) n * steps;
            if (!noGram) {
                MemoryBudget.require("gram_last.npy (" + n + " x " + n + ")", (long) n * n,
                        MemoryBudget.gramBytes(n, n, BLOCK_BUDGET), "use --no-gram");
            }
            if (gramAll) {
                MemoryBudget.require("the all-steps Gram gram_all.npy (nT x nT = " + nt + " x " + nt + ")", nt * nt,
                        MemoryBudget.gramBytes(nt, nt, BLOCK_BUDGET), "drop --gram-all");
            }

            progress.stage("loss and gradient");
            LossGradient g = evaluation.lossAndGradient(data, mode);
            outputs.stage("f.npy", p -> Npy.write(p, g.outputs(), n, steps));
            outputs.stage("loss.npy", p -> Npy.write(p, new double[]{g.loss()}));
            outputs.stage("grad_w.npy", p -> {
                if (dense) {
                    Npy.write(p, g.gradW(), m, m);
                } else {
                    Npy.write(p, g.gradW(), m);
                }
            });
            outputs.stage("grad_u.npy", p -> Npy.write(p, g.gradU(), m, d));
            if (!noGram) {
                GramMatrix[] grams = evaluation.grams(data, gramAll, progress);
                outputs.stage("gram_last.npy", p -> Npy.write(p, grams[0].values(), n, n));
                if (gramAll) {
                    progress.stage("writing gram_all.npy");
                    outputs.stage("gram_all.npy", p -> Npy.write(p, grams[1].values(), nt, nt));
                }
            }
            String diagnostic = null;
            if (memoryDiagnostic) {
                progress.stage("the memory diagnostic");
                diagnostic = String.valueOf(DenseBounds.memoryDiagnostic(denseModel, steps));
            }
            progress.stage("writing the outputs");
            outputs.commit();
            progress.close();
            System.out.printf(Locale.ROOT, "%sn=%d T=%d d=%d m=%d activation=%s loss=%s (%s): R=%.17g%n",
                    dense ? "dense W: " : "", n, steps, d, m, act.name(), mode, precision, g.loss());
            if (diagnostic != null) {
                System.out.println(diagnostic);
            }
        }
        return 0;
    }

    /** The dense network: through {@link ModelFolder#loadDense} when DIR has a model.json. */
    private DenseRnn readDense(int d) {
        if (!Files.isRegularFile(dir.resolve(ModelFolder.METADATA))) {
            return ModelFiles.readDense(dir, ModelFiles.activation(activation), d);
        }
        DenseRnn model = activation == null ? ModelFolder.loadDense(dir).model()
                : ModelFolder.loadDense(dir, Activations.byName(activation)).model();
        if (model.inputDim() != d) {
            throw CliFailure.usage("the model in " + dir + " has d = " + model.inputDim()
                    + " but x.npy has d = " + d);
        }
        return model;
    }

    private Evaluation diagonal(DiagonalRnn model) {
        return new Evaluation() {
            @Override
            public LossGradient lossAndGradient(SequenceDataset data, Loss mode) {
                try (Nd4jBackend backend = Nd4jBackend.create(precision, threads())) {
                    return backend.lossAndGradient(model, data, mode);
                }
            }

            @Override
            public GramMatrix[] grams(SequenceDataset data, boolean all, StageProgress progress) {
                try (EmpiricalNtk ntk = Ntk.empirical(NtkOptions.defaults().withThreads(threads()))) {
                    progress.stage("the last-step Gram (" + data.size() + " x " + data.size() + ")");
                    GramMatrix last = ntk.gram(model, data, Loss.LAST_STEP);
                    if (!all) {
                        return new GramMatrix[]{last};
                    }
                    progress.stage("the all-steps Gram");
                    return new GramMatrix[]{last, ntk.gram(model, data, Loss.ALL_STEPS)};
                }
            }
        };
    }

    /** The dense backend and NTK run OpenBLAS GEMMs per step, on --threads OpenBLAS threads. */
    private Evaluation dense(DenseRnn model) {
        return new Evaluation() {
            @Override
            public LossGradient lossAndGradient(SequenceDataset data, Loss mode) {
                try (Nd4jDenseBackend backend = Nd4jDenseBackend.create(precision, threads())) {
                    return backend.lossAndGradient(model, data, mode);
                }
            }

            @Override
            public GramMatrix[] grams(SequenceDataset data, boolean all, StageProgress progress) {
                try (DenseNtk ntk = DenseNtk.create(BLOCK_BUDGET, threads())) {
                    progress.stage("the last-step Gram (" + data.size() + " x " + data.size() + ")");
                    GramMatrix last = ntk.gram(model, data, Loss.LAST_STEP);
                    if (!all) {
                        return new GramMatrix[]{last};
                    }
                    progress.stage("the all-steps Gram");
                    return new GramMatrix[]{last, ntk.gram(model, data, Loss.ALL_STEPS)};
                }
            }
        };
    }
}

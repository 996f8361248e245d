package org.rnntk.cli;

import java.nio.file.Path;
import java.util.Locale;

import org.rnntk.core.Activation;
import org.rnntk.core.DenseRnn;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;
import org.rnntk.kernels.dense.DenseNtk;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.GramMatrix;
import org.rnntk.core.Loss;
import org.rnntk.kernels.ntk.Ntk;
import org.rnntk.kernels.ntk.NtkImplementation;
import org.rnntk.kernels.ntk.NtkOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnntk gram}: an empirical NTK (cross-)Gram from .npy files (docs/theory.md §5), of the
 * diagonal network or, when {@code w.npy} is an (m, m) matrix, the dense one (§11).
 */
@Command(name = "gram", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Compute the empirical NTK Gram K(X, X') of a diagonal or dense RNN from .npy files.",
        description = {"Model: --model DIR with w.npy (m) or, dense, (m,m), u.npy (m,d), c.npy (m). Inputs: --x FILE "
                + "(n,T,d), optionally --x2 FILE (n',T',d) for a cross-Gram. Writes --out FILE (atomically: a failed "
                + "run leaves no file) and prints the spectrum. The Gram's memory is checked before it is computed."})
final class GramCommand extends RnntkCommand {

    @Option(names = "--model", required = true, description = "folder with w.npy, u.npy, c.npy")
    Path model;

    @Option(names = "--x", required = true, description = "inputs of the rows, shape (n, T, d)")
    Path x;

    @Option(names = "--x2", description = "inputs of the columns, shape (n', T', d); default: the rows")
    Path x2;

    @Option(names = "--mode", defaultValue = "last", description = "last or all (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--activation",
            description = "tanh or sigmoid (default: the model.json of a model folder from rnntk train, else tanh)")
    String activation;

    @Option(names = "--spectrum", defaultValue = "extremes",
            description = "none, extremes (lambda_min and lambda_max by Lanczos, shift-invert for lambda_min,"
                    + " residual <= 1e-10 * lambda_max) or full (every eigenvalue, O(N^3), written to --out's name"
                    + " + .eigenvalues.npy) (default: ${DEFAULT-VALUE})")
    String spectrum;

    @Option(names = "--implementation", defaultValue = "jacobian_contraction",
            description = "jacobian_contraction or per_neuron_factorized, diagonal W only (default: ${DEFAULT-VALUE})")
    NtkImplementation implementation;

    @Option(names = "--block-mib", defaultValue = "256",
            description = "memory budget of the Jacobian blocks in MiB (default: ${DEFAULT-VALUE})")
    long blockMib;

    @Option(names = "--out", required = true, description = "output .npy file")
    Path out;

    @Override
    protected int run() {
        InputFiles.readableDirectory("--model", model);
        InputFiles.readableFilesIn("--model", model, "w.npy", "u.npy", "c.npy");
        InputFiles.readableFile("--x", x);
        if (x2 != null) {
            InputFiles.readableFile("--x2", x2);
        }
        if (blockMib < 1) {
            throw CliFailure.usage("--block-mib (" + blockMib + ") must be >= 1");
        }
        String spectrumChoice = spectrum.trim().toLowerCase(Locale.ROOT);
        if (!spectrumChoice.equals("none") && !spectrumChoice.equals("extremes") && !spectrumChoice.equals("full")) {
            throw CliFailure.usage("--spectrum '" + spectrum + "' is unknown; expected none, extremes or full");
        }
        Loss gramMode = switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "last" -> Loss.LAST_STEP;
            case "all" -> Loss.ALL_STEPS;
            default -> throw CliFailure.usage("--mode '" + mode + "' is unknown; expected 'last' or 'all'");
        };
        try (OutputFiles output = OutputFiles.forFile("--out", out);
             StageProgress progress = progress("gram")) {
            progress.stage("reading the inputs");
            Activation act = ModelFiles.activation(activation);
            boolean dense = ModelFiles.isDense(model);
            if (dense && implementation != NtkImplementation.JACOBIAN_CONTRACTION) {
                throw CliFailure.usage("--implementation " + implementation + " is for a diagonal W; "
                        + "the dense network's Gram is computed by Jacobian contraction");
            }
            DenseRnn denseNet = dense ? ModelFiles.readDense(model, act, -1) : null;
            DiagonalRnn net = dense ? null : ModelFiles.readAny(model, activation, -1);
            int d = dense ? denseNet.inputDim() : net.inputDim();
            SequenceDataset rows = inputs(x, "--x", d);
            SequenceDataset cols = x2 == null ? rows : inputs(x2, "--x2", d);
            long r = gramMode == Loss.ALL_STEPS ? (long) rows.size() * rows.timeSteps() : rows.size();
            long c = gramMode == Loss.ALL_STEPS ? (long) cols.size() * cols.timeSteps() : cols.size();
            long budget = blockMib << 20;
            MemoryBudget.require("the " + gramMode + " Gram (" + r + " x " + c + ")", r * c,
                    MemoryBudget.gramBytes(r, c, budget) + (x2 == null ? 8 * r * c : 0),
                    gramMode == Loss.ALL_STEPS ? "use --mode last, or fewer sequences" : "use fewer sequences");
            GramMatrix gram;
            progress.stage("the " + gramMode + " Gram (" + r + " x " + c + ")");
            if (dense) {
                // the dense kernel runs OpenBLAS GEMMs and takes no thread count of its own
                try (DenseNtk ntk = DenseNtk.create(budget)) {
                    gram = ntk.gram(denseNet, rows, cols, gramMode);
                }
            } else {
                NtkOptions options = NtkOptions.defaults().withImplementation(implementation)
                        .withBlockBudgetBytes(budget).withThreads(threads());
                try (EmpiricalNtk ntk = Ntk.empirical(options)) {
                    gram = x2 == null ? ntk.gram(net, rows, gramMode) : ntk.gram(net, rows, cols, gramMode);
                }
            }
            progress.stage("writing " + out.getFileName());
            output.stage(out.getFileName().toString(), p -> Npy.write(p, gram.values(), gram.rows(), gram.cols()));
            output.commit();
            progress.close();
            System.out.printf(Locale.ROOT, "%s%s Gram %d x %d written to %s%n", dense ? "dense W: " : "", gram.mode(),
                    gram.rows(), gram.cols(), out);
            if (x2 == null) {
                GramSpectrumReport.print(gram, spectrumChoice, out, System.out);
            }
        }
        return 0;
    }

    private static SequenceDataset inputs(Path file, String option, int d) {
        NpyArray a = Npy.read(file);
        long[] shape = a.requireShape(option + " " + file.getFileName(), -1, -1, d);
        int n = (int) shape[0];
        int steps = (int) shape[1];
        return new SequenceDataset(n, steps, d, a.data(), new double[n * steps]);
    }
}

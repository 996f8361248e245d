package org.rnntk.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
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
import org.rnntk.kernels.ntk.Spectrum;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rnntk gram}: an empirical NTK (cross-)Gram from .npy files (docs/theory.md §5). */
@Command(name = "gram", mixinStandardHelpOptions = true,
        description = {"Compute the empirical NTK Gram K(X, X') of a diagonal or dense RNN from .npy files.",
                "Model: --model DIR with w.npy (m) or, dense, (m,m), u.npy (m,d), c.npy (m). Inputs: --x FILE (n,T,d),",
                "optionally --x2 FILE (n',T',d) for a cross-Gram. Writes --out FILE and prints the spectrum."})
final class GramCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "folder with w.npy, u.npy, c.npy")
    Path model;

    @Option(names = "--x", required = true, description = "inputs of the rows, shape (n, T, d)")
    Path x;

    @Option(names = "--x2", description = "inputs of the columns, shape (n', T', d); default: the rows")
    Path x2;

    @Option(names = "--mode", defaultValue = "last", description = "last or all (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--activation", defaultValue = "tanh", description = "tanh or sigmoid (default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--implementation", defaultValue = "JACOBIAN_CONTRACTION",
            description = "JACOBIAN_CONTRACTION or PER_NEURON_FACTORIZED, diagonal W only (default: ${DEFAULT-VALUE})")
    NtkImplementation implementation;

    @Option(names = "--block-mib", defaultValue = "256",
            description = "memory budget of the Jacobian blocks in MiB (default: ${DEFAULT-VALUE})")
    long blockMib;

    @Option(names = "--out", required = true, description = "output .npy file")
    Path out;

    @Override
    public Integer call() {
        if (!Files.isDirectory(model)) {
            throw new IllegalArgumentException("--model (" + model + ") is not a directory");
        }
        Loss gramMode = switch (mode.trim().toLowerCase(Locale.ROOT)) {
            case "last" -> Loss.LAST_STEP;
            case "all" -> Loss.ALL_STEPS;
            default -> throw new IllegalArgumentException("--mode '" + mode + "' is unknown; expected 'last' or 'all'");
        };
        Activation act = Activations.byName(activation);
        if (ModelFiles.isDense(model)) {
            if (implementation != NtkImplementation.JACOBIAN_CONTRACTION) {
                throw new IllegalArgumentException("--implementation " + implementation + " is for a diagonal W; "
                        + "the dense network's Gram is computed by Jacobian contraction");
            }
            DenseRnn net = ModelFiles.readDense(model, act, -1);
            SequenceDataset rows = inputs(x, "--x", net.inputDim());
            SequenceDataset cols = x2 == null ? rows : inputs(x2, "--x2", net.inputDim());
            try (DenseNtk ntk = DenseNtk.create(blockMib << 20)) {
                report(ntk.gram(net, rows, cols, gramMode), "dense W: ");
            }
            return 0;
        }
        DiagonalRnn net = ModelFiles.read(model, act, -1);
        int d = net.inputDim();
        SequenceDataset rows = inputs(x, "--x", d);
        SequenceDataset cols = x2 == null ? rows : inputs(x2, "--x2", d);
        NtkOptions options = NtkOptions.defaults().withImplementation(implementation)
                .withBlockBudgetBytes(blockMib << 20);
        try (EmpiricalNtk ntk = Ntk.empirical(options)) {
            report(x2 == null ? ntk.gram(net, rows, gramMode) : ntk.gram(net, rows, cols, gramMode), "");
        }
        return 0;
    }

    /** Writes --out and prints the shape and, for a symmetric Gram, the spectrum. */
    private void report(GramMatrix gram, String prefix) {
        Npy.write(out, gram.values(), gram.rows(), gram.cols());
        System.out.printf(Locale.ROOT, "%s%s Gram %d x %d written to %s%n", prefix, gram.mode(), gram.rows(),
                gram.cols(), out);
        if (x2 == null) {
            Spectrum s = Spectrum.of(gram);
            System.out.printf(Locale.ROOT, "lambda_min %.6g, lambda_max %.6g, condition %.6g, rank %d%s%n",
                    s.lambdaMin(), s.lambdaMax(), s.conditionNumber(), s.numericalRank(),
                    s.numericallySingular() ? " (numerically singular)" : "");
        }
    }

    private static SequenceDataset inputs(Path file, String option, int d) {
        NpyArray a = Npy.read(file);
        long[] shape = a.requireShape(option + " " + file.getFileName(), -1, -1, d);
        int n = (int) shape[0];
        int steps = (int) shape[1];
        return new SequenceDataset(n, steps, d, a.data(), new double[n * steps]);
    }
}

package org.rnntk.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.rnntk.core.Activation;
import org.rnntk.core.Activations;
import org.rnntk.core.DiagonalRnn;
import org.rnntk.core.Initializers;
import org.rnntk.core.Loss;
import org.rnntk.core.Optimizer;
import org.rnntk.core.Optimizers;
import org.rnntk.core.RecurrentLaw;
import org.rnntk.core.SequenceDataset;
import org.rnntk.core.Training;
import org.rnntk.core.TrainingHistory;
import org.rnntk.core.TrainingListener;
import org.rnntk.core.TrainingStatus;
import org.rnntk.core.init.SymmetricInitializer;
import org.rnntk.core.io.ModelFolder;
import org.rnntk.core.io.Npy;
import org.rnntk.core.io.NpyArray;
import org.rnntk.core.io.SavedModel;
import org.rnntk.experiments.CsvTable;
import org.rnntk.kernels.Nd4jBackend;
import org.rnntk.kernels.Precision;
import org.rnntk.kernels.ntk.EmpiricalNtk;
import org.rnntk.kernels.ntk.KernelRegimeMonitor;
import org.rnntk.kernels.ntk.KernelRegimeRecord;
import org.rnntk.kernels.ntk.Ntk;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rnntk train}: trains a diagonal RNN by GD or projected GD (docs/theory.md §3) on NumPy data
 * and writes the initial and trained models (model folders, {@link ModelFolder}), the loss history and
 * the kernel-regime diagnostics (docs/theory.md §5) as CSV.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a diagonal RNN by GD or projected GD on .npy data.",
                "Inputs: --x FILE (n,T,d), --y FILE (n,T) or (n,) (the last step's targets, with --loss last).",
                "Start: the symmetric initialization (--width, --alpha, --law, --input-scale, --seed) or --init DIR.",
                "Writes into --out DIR: initial/ and model/ (w.npy, u.npy, c.npy, model.json), loss.csv",
                "(k, loss, max drift w, max drift u) and diagnostics.csv (drift, relative kernel change,",
                "linearization error, on the training set)."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--x", required = true, description = "inputs, shape (n, T, d)")
    Path x;

    @Option(names = "--y", required = true, description = "targets, shape (n, T), or (n,) with --loss last")
    Path y;

    @Option(names = "--out", required = true, description = "output folder (created)")
    Path out;

    @Option(names = "--init", description = "start from this model folder instead of a fresh initialization")
    Path init;

    @Option(names = "--width", description = "hidden width m, even (required unless --init)")
    Integer width;

    @Option(names = "--alpha", defaultValue = "0.5", description = "recurrent weight scale alpha (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--law", defaultValue = "uniform",
            description = "w(0) law: uniform (Uniform[-alpha, alpha]) or constant (alpha) (default: ${DEFAULT-VALUE})")
    String law;

    @Option(names = "--input-scale", defaultValue = "1.0",
            description = "standard deviation of u(0)'s entries (default: ${DEFAULT-VALUE})")
    double inputScale;

    @Option(names = "--seed", defaultValue = "0", description = "initialization seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--activation", defaultValue = "tanh", description = "tanh or sigmoid (default: ${DEFAULT-VALUE})")
    String activation;

    @Option(names = "--loss", defaultValue = "all", description = "all or last (default: ${DEFAULT-VALUE})")
    String loss;

    @Option(names = "--eta", required = true, description = "step size eta")
    double eta;

    @Option(names = "--iterations", required = true, description = "number of updates tau")
    int iterations;

    @Option(names = "--pgd", description = "projected GD around the initialization (needs --rho-w and --rho-u)")
    boolean pgd;

    @Option(names = "--rho-w", description = "PGD radius rho_w (per neuron |w_i - w_i(0)| <= rho_w/sqrt(m))")
    Double rhoW;

    @Option(names = "--rho-u", description = "PGD radius rho_u (per neuron ||u_i - u_i(0)|| <= rho_u/sqrt(m))")
    Double rhoU;

    @Option(names = "--diagnostics-every", defaultValue = "0",
            description = "record the kernel-regime diagnostics every K iterations; 0: about 10 records, "
                    + "-1: none (default: ${DEFAULT-VALUE})")
    int diagnosticsEvery;

    @Option(names = "--precision", defaultValue = "FLOAT64", description = "FLOAT64 or FLOAT32 (default: ${DEFAULT-VALUE})")
    Precision precision;

    @Override
    public Integer call() {
        Loss mode = Loss.parse(loss);
        NpyArray xs = Npy.read(x);
        long[] shape = xs.requireRank("--x " + x.getFileName(), 3);
        int n = (int) shape[0];
        int steps = (int) shape[1];
        int d = (int) shape[2];
        SequenceDataset data = new SequenceDataset(n, steps, d, xs.data(), targets(Npy.read(y), n, steps, mode));

        SymmetricInitializer initializer = null;
        DiagonalRnn initial;
        if (init != null) {
            if (width != null) {
                throw new IllegalArgumentException("--width (" + width + ") and --init (" + init
                        + ") exclude each other: the width comes from the model folder");
            }
            SavedModel saved = ModelFolder.load(init);
            initial = saved.model();
            initializer = saved.initializer();
            data.requireInputDim(initial.inputDim(), "the model in --init " + init);
        } else {
            if (width == null) {
                throw new IllegalArgumentException("--width is required unless --init gives a model folder");
            }
            Activation act = Activations.byName(activation);
            initializer = Initializers.symmetric(alpha, parseLaw(law), inputScale, seed);
            initial = initializer.initialize(width, d, act);
        }
        Optimizer optimizer = optimizer();
        if (iterations < 0) {
            throw new IllegalArgumentException("--iterations (" + iterations + ") must be >= 0");
        }
        int period = diagnosticsEvery == 0 ? Math.max(1, iterations / 10) : diagnosticsEvery;
        if (diagnosticsEvery < -1) {
            throw new IllegalArgumentException("--diagnostics-every (" + diagnosticsEvery
                    + ") must be >= 1, 0 (about 10 records) or -1 (none)");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create --out " + out + ": " + e.getMessage(), e);
        }
        TrainingHistory history;
        CsvTable diagnostics = new CsvTable("k", "loss", "max_drift_w", "max_drift_u", "mean_drift_w", "mean_drift_u",
                "relative_kernel_change", "linearization_error", "max_output_change");
        try (Nd4jBackend backend = Nd4jBackend.create(precision);
             EmpiricalNtk ntk = Ntk.empirical();
             KernelRegimeMonitor monitor = diagnosticsEvery == -1 ? null
                     : KernelRegimeMonitor.every(period, ntk, data, mode)) {
            TrainingListener listener = monitor == null ? TrainingListener.NONE : monitor;
            history = Training.run(backend, initial, data, mode, optimizer, iterations, listener);
            if (monitor != null) {
                for (KernelRegimeRecord r : monitor.records()) {
                    diagnostics.add(r.iteration(), r.loss(), r.drift().maxW(), r.drift().maxU(), r.drift().meanW(),
                            r.drift().meanU(), r.relativeKernelChange(), r.linearizationError(), r.maxOutputChange());
                }
            }
        }
        ModelFolder.save(out.resolve("initial"), initial, initializer);
        ModelFolder.save(out.resolve("model"), history.last(), initializer);
        CsvTable losses = new CsvTable("k", "loss", "max_drift_w", "max_drift_u");
        double[] l = history.losses();
        double[] dw = history.maxDriftW();
        double[] du = history.maxDriftU();
        for (int k = 0; k < l.length; k++) {
            losses.add(k, l[k], dw[k], du[k]);
        }
        write(out.resolve("loss.csv"), losses.toCsv());
        if (diagnosticsEvery != -1) {
            write(out.resolve("diagnostics.csv"), diagnostics.toCsv());
        }
        if (history.status() != TrainingStatus.COMPLETED) {
            System.out.println("training stopped: " + history.divergence() + " (the files hold the run up to there)");
        }
        System.out.printf(Locale.ROOT, "n=%d T=%d d=%d m=%d %s, %s, %d iterations: loss %.6g -> %.6g (min %.6g),"
                        + " max drift w %.4g u %.4g%n", n, steps, d, initial.width(), mode, optimizer.describe(),
                history.iterations(), history.initialLoss(), history.lastLoss(), history.minLoss(),
                history.maxDriftWOverRun(), history.maxDriftUOverRun());
        System.out.println("written: " + out.resolve("model") + ", " + out.resolve("initial") + ", "
                + out.resolve("loss.csv") + (diagnosticsEvery != -1 ? ", " + out.resolve("diagnostics.csv") : ""));
        return 0;
    }

    private Optimizer optimizer() {
        if (!pgd) {
            if (rhoW != null || rhoU != null) {
                throw new IllegalArgumentException("--rho-w/--rho-u are the radii of projected GD; add --pgd");
            }
            return Optimizers.gradientDescent(eta);
        }
        if (rhoW == null || rhoU == null) {
            throw new IllegalArgumentException("--pgd needs both --rho-w and --rho-u; got --rho-w " + rhoW
                    + " and --rho-u " + rhoU);
        }
        return Optimizers.projected(eta, rhoW, rhoU);
    }

    private static RecurrentLaw parseLaw(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "uniform":
                return RecurrentLaw.UNIFORM;
            case "constant":
                return RecurrentLaw.CONSTANT;
            default:
                throw new IllegalArgumentException("--law '" + text + "' is unknown; expected 'uniform' or 'constant'");
        }
    }

    /** (n, T) as is; (n,) with the last-step loss into the last column (the others are not fitted). */
    private double[] targets(NpyArray ys, int n, int steps, Loss mode) {
        if (ys.rank() == 1 && mode == Loss.LAST_STEP) {
            ys.requireShape("--y " + y.getFileName(), n);
            double[] full = new double[n * steps];
            double[] v = ys.data();
            for (int j = 0; j < n; j++) {
                full[j * steps + steps - 1] = v[j];
            }
            return full;
        }
        ys.requireShape("--y " + y.getFileName(), n, steps);
        return ys.data();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
